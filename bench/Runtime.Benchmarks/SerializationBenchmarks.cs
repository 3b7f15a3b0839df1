using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using FraudActors.Grains.Interfaces;

namespace FraudActors.Runtime.Benchmarks;

/// <summary>
/// One payload written to and read from bytes, by the generated binary codecs and by System.Text.Json (source
/// generated and reflection). Writers reuse their buffer, as a transport would with pooled buffers, so allocations
/// are the serialiser's own. Run: dotnet run -c Release --project bench/Runtime.Benchmarks -- --filter '*'
/// </summary>
[Config(typeof(SerializationBenchmarkConfig))]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public abstract class SerializationBenchmarks<T>
    where T : class
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);
    private Utf8JsonWriter _json = null!;
    private byte[] _binary = null!;
    private byte[] _jsonBytes = null!;

    protected abstract T Value { get; }

    protected abstract JsonTypeInfo<T> TypeInfo { get; }

    [GlobalSetup]
    public void Setup()
    {
        _json = new Utf8JsonWriter(_buffer);
        _binary = Payloads.BinaryBytes(Value);
        _jsonBytes = JsonSerializer.SerializeToUtf8Bytes(Value, TypeInfo);
        // Measure only what round-trips: both encodings must give the value back.
        Check(Payloads.Wire.Deserialize<T>(_binary));
        Check(JsonSerializer.Deserialize(_jsonBytes, TypeInfo)!);
        Check(JsonSerializer.Deserialize<T>(JsonSerializer.SerializeToUtf8Bytes(Value, Payloads.ReflectionOptions), Payloads.ReflectionOptions)!);
    }

    [GlobalCleanup]
    public void Cleanup() => _json.Dispose();

    [Benchmark(Baseline = true, Description = "STJ source-gen")]
    [BenchmarkCategory("Serialize")]
    public int JsonSourceGenSerialize()
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        JsonSerializer.Serialize(_json, Value, TypeInfo);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "STJ reflection")]
    [BenchmarkCategory("Serialize")]
    public int JsonReflectionSerialize()
    {
        _buffer.ResetWrittenCount();
        _json.Reset();
        JsonSerializer.Serialize(_json, Value, Payloads.ReflectionOptions);
        return _buffer.WrittenCount;
    }

    [Benchmark(Description = "Binary (generated)")]
    [BenchmarkCategory("Serialize")]
    public int BinarySerialize()
    {
        _buffer.ResetWrittenCount();
        Payloads.Wire.Serialize(Value, _buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark(Baseline = true, Description = "STJ source-gen")]
    [BenchmarkCategory("Deserialize")]
    public T JsonSourceGenDeserialize() => JsonSerializer.Deserialize(_jsonBytes, TypeInfo)!;

    [Benchmark(Description = "STJ reflection")]
    [BenchmarkCategory("Deserialize")]
    public T JsonReflectionDeserialize() => JsonSerializer.Deserialize<T>(_jsonBytes, Payloads.ReflectionOptions)!;

    [Benchmark(Description = "Binary (generated)")]
    [BenchmarkCategory("Deserialize")]
    public T BinaryDeserialize() => Payloads.Wire.Deserialize<T>(_binary.AsSpan());

    protected abstract void Check(T back);
}

/// <summary>In-process jobs (BenchmarkDotNet 0.14 predates net10.0) with allocations measured.</summary>
internal sealed class SerializationBenchmarkConfig : ManualConfig
{
    public SerializationBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250)));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}

/// <summary>A transaction to score: five fields, three short strings.</summary>
public class ScoreRequestBenchmarks : SerializationBenchmarks<ScoreRequest>
{
    protected override ScoreRequest Value => Payloads.Request;

    protected override JsonTypeInfo<ScoreRequest> TypeInfo => PayloadJsonContext.Default.ScoreRequest;

    protected override void Check(ScoreRequest back)
    {
        if (back != Value)
        {
            throw new InvalidOperationException($"{back} did not round-trip.");
        }
    }
}

/// <summary>A decision: 15 named features and 3 reasons.</summary>
public class ScoreResultBenchmarks : SerializationBenchmarks<ScoreResult>
{
    protected override ScoreResult Value => Payloads.Result;

    protected override JsonTypeInfo<ScoreResult> TypeInfo => PayloadJsonContext.Default.ScoreResult;

    protected override void Check(ScoreResult back)
    {
        if (back with { Reasons = default, Features = default } != Value with { Reasons = default, Features = default }
            || !back.Reasons.SequenceEqual(Value.Reasons) || !back.Features.SequenceEqual(Value.Features))
        {
            throw new InvalidOperationException($"{back} did not round-trip.");
        }
    }
}
