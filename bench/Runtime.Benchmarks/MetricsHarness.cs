using System.Diagnostics;
using System.Diagnostics.Metrics;
using FraudActors.Gateway.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Benchmarks;

/// <summary>
/// What the /metrics collector adds to every grain call: a counter add and a histogram record with the runtime's three
/// tags, without a listener and with the collector, on one and two threads; then the allocations per call and the
/// cost of one scrape. Run: dotnet run -c Release --project bench/Runtime.Benchmarks -- metrics
/// </summary>
public static class MetricsHarness
{
    private const int Calls = 5_000_000;
    private static readonly string[] GrainTypes = ["customer", "terminal", "transaction"];

    public static void Run()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        var meter = factory.Create("Bench");
        var counter = meter.CreateCounter<long>("calls");
        var histogram = meter.CreateHistogram<double>("duration", unit: "s",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.00001, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 1, 5] });

        Measure(counter, histogram, threads: 1);
        Console.WriteLine($"no listener:    {Measure(counter, histogram, threads: 1):F1} ns per call");
        using var collector = new MetricsCollector(factory);
        Measure(counter, histogram, threads: 1);
        Console.WriteLine($"collector:      {Measure(counter, histogram, threads: 1):F1} ns per call (1 thread)");
        Console.WriteLine($"collector:      {Measure(counter, histogram, threads: 2):F1} ns of wall time per call (2 threads, same series)");

        var before = GC.GetAllocatedBytesForCurrentThread();
        Record(counter, histogram, 100_000);
        Console.WriteLine($"allocated:      {(GC.GetAllocatedBytesForCurrentThread() - before) / 100_000.0:F2} B per call");

        collector.Scrape();
        var started = Stopwatch.GetTimestamp();
        var text = collector.Scrape();
        Console.WriteLine($"scrape:         {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F2} ms for {text.Length:N0} characters");
    }

    private static double Measure(Counter<long> counter, Histogram<double> histogram, int threads)
    {
        var started = Stopwatch.GetTimestamp();
        Parallel.For(0, threads, _ => Record(counter, histogram, Calls));
        return Stopwatch.GetElapsedTime(started).TotalNanoseconds / Calls / threads;
    }

    private static void Record(Counter<long> counter, Histogram<double> histogram, int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            var tags = new TagList { { "grain.type", GrainTypes[i % 3] }, { "grain.method", "ScoreAsync" }, { "outcome", "ok" } };
            counter.Add(1, tags);
            histogram.Record(0.0003, tags);
        }
    }
}
