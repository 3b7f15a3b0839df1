using FraudActors.Runtime.Tests.TestGrains;

namespace FraudActors.Runtime.Tests.Activation;

public sealed class TurnBasedExecutionTests : SiloTest
{
    [Fact]
    public async Task Concurrent_calls_to_one_grain_never_overlap()
    {
        var grain = Grains.GetGrain<ICounterGrain>("one");

        // 1,000 calls from many thread-pool threads at once, each with an await point inside its turn.
        var calls = Enumerable.Range(0, 1000).Select(i => Task.Run(() => grain.RecordAsync(i).AsTask())).ToArray();
        await Task.WhenAll(calls);

        Assert.Equal(1, await grain.GetMaxConcurrencyAsync());
        var sequence = await grain.GetSequenceAsync();
        Assert.Equal(Enumerable.Range(0, 1000), sequence.Order());
    }

    [Fact]
    public async Task Calls_from_one_sender_run_in_the_order_they_were_made()
    {
        var grain = Grains.GetGrain<ICounterGrain>("ordered");
        var calls = new List<Task<int>>();
        for (var i = 0; i < 500; i++)
        {
            calls.Add(grain.RecordAsync(i).AsTask());
        }

        await Task.WhenAll(calls);

        Assert.Equal(Enumerable.Range(0, 500), await grain.GetSequenceAsync());
    }

    [Fact]
    public async Task An_ordinary_call_waits_for_the_running_turn()
    {
        var grain = Grains.GetGrain<ICounterGrain>("blocked");
        var blocked = grain.WaitForeverAsync(CancellationToken.None);
        var waiting = grain.RecordAsync(1).AsTask();

        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted, "an ordinary call ran while another turn was still awaiting");

        Silo.Get<CounterProbe>().Gate.TrySetResult();

        Assert.Equal(1, await blocked);
        Assert.Equal(1, await waiting);
    }

    [Fact]
    public async Task Always_interleave_calls_answer_while_a_turn_awaits()
    {
        var grain = Grains.GetGrain<ICounterGrain>("interleave");
        var blocked = grain.WaitForeverAsync(CancellationToken.None);

        Assert.Equal(42, await grain.PingAsync().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));

        Silo.Get<CounterProbe>().Gate.TrySetResult();
        await blocked;
    }

    [Fact]
    public async Task Read_only_calls_interleave_with_each_other()
    {
        var grain = Grains.GetGrain<ICounterGrain>("readers");
        var probe = Silo.Get<CounterProbe>();
        var readers = Enumerable.Range(0, 5).Select(grain.ReadSlowlyAsync).ToArray();

        await FraudActors.Testing.Eventually.HoldsAsync(() => Volatile.Read(ref probe.ReadOnlyConcurrency) == 5, "five read-only calls running at once");
        probe.Gate.TrySetResult();

        Assert.Equal(Enumerable.Range(0, 5), await Task.WhenAll(readers));
        Assert.Equal(5, probe.MaxReadOnlyConcurrency);
    }
}
