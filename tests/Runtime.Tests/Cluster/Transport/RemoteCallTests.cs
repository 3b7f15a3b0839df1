using System.Buffers;
using System.Diagnostics;
using FraudActors.Runtime.Cluster.Routing;
using FraudActors.Runtime.Cluster.Transport;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Serialization;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Cluster.Transport;

/// <summary>Grain calls between the silos of a three-silo cluster, over the HTTP/2 silo endpoints.</summary>
public sealed class RemoteCallTests(ThreeSiloFixture fixture) : IClassFixture<ThreeSiloFixture>
{
    private TestCluster Cluster => fixture.Cluster;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_from_any_silo_reaches_the_single_activation_of_the_grain()
    {
        var grainId = GrainIdOf<ICounterGrain>("single");
        var owner = Cluster.OwnerOf(grainId);
        var activationsBefore = Cluster.Silos.Sum(s => s.Probe.Activations);

        var ids = new List<string>();
        foreach (var silo in Cluster.Running)
        {
            ids.Add(await silo.Grains.GetGrain<ICounterGrain>("single").GetActivationIdAsync());
        }

        Assert.Single(ids.Distinct());
        Assert.Equal(activationsBefore + 1, Cluster.Silos.Sum(s => s.Probe.Activations));
        Assert.Same(owner, Assert.Single(Cluster.WhereActive(grainId)));
    }

    [Fact]
    public async Task Concurrent_calls_from_all_silos_to_one_grain_never_overlap_and_are_counted_exactly()
    {
        const int CallsPerSilo = 60;
        var silos = Cluster.Running.ToArray();
        var calls = silos.SelectMany((silo, s) => Enumerable.Range(0, CallsPerSilo)
            .Select(i => silo.Grains.GetGrain<ICounterGrain>("contended").RecordAsync((s * CallsPerSilo) + i).AsTask()));

        var counts = await Task.WhenAll(calls);

        var grain = silos[0].Grains.GetGrain<ICounterGrain>("contended");
        Assert.Equal(Enumerable.Range(0, silos.Length * CallsPerSilo), (await grain.GetSequenceAsync()).Order());
        Assert.Equal(Enumerable.Range(1, silos.Length * CallsPerSilo), counts.Order());   // each call saw a distinct count
        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
        Assert.Single(Cluster.WhereActive(GrainIdOf<ICounterGrain>("contended")));
    }

    [Fact]
    public async Task An_exception_with_a_codec_comes_back_as_its_own_type_with_its_message()
    {
        var (caller, _) = CallerAndOwner<ICounterGrain>("thrower");

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => caller.Grains.GetGrain<ICounterGrain>("thrower").FailAsync("bad amount"));

        Assert.StartsWith("bad amount", failure.Message, StringComparison.Ordinal);
        Assert.Equal("message", failure.ParamName);
        Assert.Equal(42, await caller.Grains.GetGrain<ICounterGrain>("thrower").PingAsync());   // the activation survives
    }

    [Fact]
    public async Task An_exception_without_a_codec_comes_back_as_RemoteGrainException_with_type_and_message()
    {
        var (caller, _) = CallerAndOwner<IFaultyGrain>("faulty");

        var failure = await Assert.ThrowsAsync<RemoteGrainException>(() => caller.Grains.GetGrain<IFaultyGrain>("faulty").ThrowIOExceptionAsync("disk on fire"));

        Assert.Equal(typeof(IOException).FullName, failure.RemoteTypeName);
        Assert.Equal("disk on fire", failure.Message);
        Assert.Contains(nameof(FaultyGrain.ThrowIOExceptionAsync), failure.RemoteStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deadline_that_passes_while_the_remote_grain_runs_times_out_at_the_caller()
    {
        var (caller, owner) = CallerAndOwner<ICounterGrain>("slow");
        owner.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopwatch = Stopwatch.StartNew();

        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => caller.Grains.GetGrain<ICounterGrain>("slow").WaitShortAsync());   // [ResponseTimeout(500)]

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(450), $"timed out after only {stopwatch.Elapsed}");
        Assert.Contains("WaitShortAsync", timeout.Message, StringComparison.Ordinal);
        owner.Probe.Gate.TrySetResult();
    }

    [Fact]
    public async Task Caller_cancellation_reaches_the_remote_grain_and_ends_its_turn()
    {
        var (caller, owner) = CallerAndOwner<ICounterGrain>("cancelled");
        owner.Probe.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var grain = caller.Grains.GetGrain<ICounterGrain>("cancelled");
        using var cancellation = new CancellationTokenSource();
        var waiting = grain.WaitForeverAsync(cancellation.Token);
        await Eventually.HoldsAsync(() => Cluster.WhereActive(GrainIdOf<ICounterGrain>("cancelled")).Length == 1, "the grain is activated");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        // The grain is not re-entrant: this call can only run once the waiting turn has ended, which only the
        // cancellation carried across (the gate stays shut) can make it do.
        Assert.Equal(1, await grain.RecordAsync(1).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.False(owner.Probe.Gate.Task.IsCompleted);
    }

    [Fact]
    public async Task A_call_sent_to_a_silo_that_does_not_own_the_grain_is_forwarded_to_the_owner()
    {
        var grainId = GrainIdOf<ICounterGrain>("forwarded");
        var owner = Cluster.OwnerOf(grainId);
        var wrong = Cluster.Running.First(s => s != owner);
        var sender = Cluster.Running.First(s => s != owner && s != wrong);

        var body = PingBody(sender, grainId, forwardCount: 0);
        var responseBody = await sender.Get<SiloTransportClient>().SendAsync(wrong.Address, body, Ct);

        var response = sender.Get<WireSerializer>().ReadResponse<int>(new ReadOnlySequence<byte>(responseBody));
        Assert.Equal(42, response.GetResultOrThrow());
        Assert.Same(owner, Assert.Single(Cluster.WhereActive(grainId)));
        Assert.True(wrong.Log.Count(223) >= 1, "the wrong silo logged a forward");
    }

    [Fact]
    public async Task A_call_already_forwarded_the_maximum_number_of_times_is_refused_as_not_run()
    {
        var grainId = GrainIdOf<ICounterGrain>("over-forwarded");
        var owner = Cluster.OwnerOf(grainId);
        var wrong = Cluster.Running.First(s => s != owner);

        var body = PingBody(wrong, grainId, forwardCount: 2);   // ClusterOptions.MaxForwards defaults to 2
        await Assert.ThrowsAsync<CallNotDeliveredException>(() => wrong.Get<SiloTransportClient>().SendAsync(wrong.Address, body, Ct));

        Assert.Empty(Cluster.WhereActive(grainId));
    }

    /// <summary>A request body calling <see cref="ICounterGrain.PingAsync"/>, as a silo would send it.</summary>
    private static ReadOnlyMemory<byte> PingBody(ClusterSilo sender, GrainId grainId, int forwardCount)
    {
        var ping = sender.Get<GrainInterfaceRegistry>().Get(typeof(ICounterGrain)).Methods.Single(m => m.MethodName == nameof(ICounterGrain.PingAsync));
        var envelope = new CallEnvelope(1, sender.Address.ToString(), grainId, ping.MethodId, ping.MethodName, TimeSpan.FromSeconds(10), forwardCount);
        return RemoteGrainCaller.Body(envelope, []);
    }

    private (ClusterSilo Caller, ClusterSilo Owner) CallerAndOwner<TGrain>(string key) where TGrain : IGrainWithStringKey
    {
        var owner = Cluster.OwnerOf(GrainIdOf<TGrain>(key));
        return (Cluster.Running.First(s => s != owner), owner);
    }

    private GrainId GrainIdOf<TGrain>(string key) where TGrain : IGrainWithStringKey =>
        new(Cluster.Silos[0].Get<GrainInterfaceRegistry>().Get(typeof(TGrain)).GrainType, key);
}
