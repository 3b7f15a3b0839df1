using BenchmarkDotNet.Running;

// BenchmarkDotNet 0.14 predates net10.0, so every job runs in this process (InProcessEmitToolchain, see the configs).
// Run: dotnet run -c Release --project bench/Ml.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(FraudActors.Ml.Benchmarks.ScoringBenchmarks).Assembly).Run(args);
