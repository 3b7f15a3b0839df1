using System.Text.Json;
using BenchmarkDotNet.Running;
using FraudActors.Runtime.Benchmarks;

// A plain harness for what BenchmarkDotNet is not made for: a two-silo cluster (needs FRAUDACTORS_TEST_POSTGRES).
if (args is ["remote-calls"])
{
    await RemoteCallHarness.RunAsync();
    return;
}

// The cost the /metrics collector adds to each grain call's instruments.
if (args is ["metrics"])
{
    MetricsHarness.Run();
    return;
}

// BenchmarkDotNet 0.14 predates net10.0, so every job runs in this process (InProcessEmitToolchain, see the config).
// Run: dotnet run -c Release --project bench/Runtime.Benchmarks -- --filter '*'
Console.WriteLine("Bytes on the wire (binary / STJ web defaults; source-gen and reflection write the same JSON):");
Console.WriteLine($"  ScoreRequest: {Payloads.BinaryBytes(Payloads.Request).Length} / {JsonSerializer.SerializeToUtf8Bytes(Payloads.Request, PayloadJsonContext.Default.ScoreRequest).Length}");
Console.WriteLine($"  ScoreResult:  {Payloads.BinaryBytes(Payloads.Result).Length} / {JsonSerializer.SerializeToUtf8Bytes(Payloads.Result, PayloadJsonContext.Default.ScoreResult).Length}");
BenchmarkSwitcher.FromAssembly(typeof(SerializationBenchmarks<>).Assembly).Run(args);
