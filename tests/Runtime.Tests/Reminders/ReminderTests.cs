using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Reminders;
using FraudActors.Runtime.Tests.TestGrains;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Runtime.Tests.Reminders;

/// <summary>Reminders in an embedded silo on a real SQLite file, on a manual clock.</summary>
public sealed class ReminderTests : IAsyncLifetime
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(10);

    private readonly TemporaryDirectory _directory = new();
    private readonly ManualTimeProvider _time = new();
    private readonly ReminderProbe _probe = new();
    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    private IReminderGrain Grain(string key) => Silo.Grains.GetGrain<IReminderGrain>(key);

    private DateTimeOffset Start { get; } = new ManualTimeProvider().GetUtcNow();

    public async ValueTask InitializeAsync() => _silo = await StartSiloAsync();

    private Task<TestSilo> StartSiloAsync() => TestSilo.StartAsync(_directory.File("node.db"), _time, services: services =>
    {
        services.AddSingleton(_probe);
        services.AddSingleton(new SiloName("embedded"));
        services.AddGrain<IReminderGrain, ReminderGrain>();
        services.AddGrain<INotRemindableGrain, NotRemindableGrain>();
        services.AddSqliteReminders(o => o.MinimumPeriod = TimeSpan.FromSeconds(1));
    });

    [Fact]
    public async Task A_registered_reminder_ticks_at_its_due_time_then_every_period()
    {
        var grain = Grain("schedule");
        await grain.RegisterAsync("r", Period, Period);

        _time.Advance(Period - TimeSpan.FromSeconds(1));
        Assert.Equal(0, await grain.GetTickCountAsync()); // a tick fired by Advance would have been queued before this call

        _time.Advance(TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(() => _probe.TicksOf("schedule") == 1, "the first tick");
        _time.Advance(Period);
        await Eventually.HoldsAsync(() => _probe.TicksOf("schedule") == 2, "the second tick");

        var ticks = _probe.Ticks.Where(t => t.Grain == "schedule").ToArray();
        Assert.All(ticks, t => Assert.Equal("r", t.Name));
        Assert.All(ticks, t => Assert.Equal(Start + Period, t.Status.FirstTickTime));
        Assert.Equal([Start + Period, Start + (2 * Period)], ticks.Select(t => t.Status.CurrentTickTime));
        Assert.Equal(["r"], await grain.GetReminderNamesAsync());
    }

    [Fact]
    public async Task A_tick_reactivates_a_deactivated_grain()
    {
        var grain = Grain("sleepy");
        await grain.RegisterAsync("r", Period, Period);
        await grain.DeactivateAsync();
        await Eventually.HoldsAsync(() => !Silo.Runtime.Directory.TryGet(new GrainId(GrainTypeOf(), "sleepy"), out _), "the grain deactivated");

        _time.Advance(Period);

        await Eventually.HoldsAsync(() => _probe.TicksOf("sleepy") == 1, "the tick");
        Assert.Equal(2, _probe.Ticks.Single(t => t.Grain == "sleepy").Activation);
    }

    [Fact]
    public async Task A_reminder_survives_a_silo_restart_and_ticks_missed_while_down_are_skipped()
    {
        var grain = Grain("durable");
        await grain.RegisterAsync("r", Period, Period);
        _time.Advance(Period);
        await Eventually.HoldsAsync(() => _probe.TicksOf("durable") == 1, "the tick before the restart");

        await Silo.DisposeAsync();
        _time.Advance(Period * 3.5);              // down over the ticks due at 20 s, 30 s and 40 s
        _silo = await StartSiloAsync();           // a new host on the same file, at 45 s

        _time.Advance(Period / 2);                // 50 s: the next period boundary after the restart
        await Eventually.HoldsAsync(() => _probe.TicksOf("durable") == 2, "the tick after the restart");
        Assert.Equal(2, await Grain("durable").GetTickCountAsync()); // and nothing replayed
        Assert.Equal(
            [Start + Period, Start + (5 * Period)],
            _probe.Ticks.Where(t => t.Grain == "durable").Select(t => t.Status.CurrentTickTime));
    }

    [Fact]
    public async Task An_unregistered_reminder_stops_ticking_and_is_deleted()
    {
        var grain = Grain("stopped");
        await grain.RegisterAsync("r", Period, Period);
        _time.Advance(Period);
        await Eventually.HoldsAsync(() => _probe.TicksOf("stopped") == 1, "the first tick");

        await grain.UnregisterAsync("r");
        _time.Advance(Period * 3);

        Assert.Equal(1, await grain.GetTickCountAsync());
        Assert.Empty(await grain.GetReminderNamesAsync());
        Assert.Empty(await Silo.Get<IReminderTable>().ReadAllAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Registering_again_replaces_the_schedule()
    {
        var grain = Grain("updated");
        await grain.RegisterAsync("r", Period, Period);
        await grain.RegisterAsync("r", Period * 2, Period * 2);

        _time.Advance(Period);
        Assert.Equal(0, await grain.GetTickCountAsync());
        _time.Advance(Period);
        await Eventually.HoldsAsync(() => _probe.TicksOf("updated") == 1, "the tick on the new schedule");
        Assert.Equal("2", (await Silo.Get<IReminderTable>().ReadRowAsync(new GrainId(GrainTypeOf(), "updated"), "r", TestContext.Current.CancellationToken))!.ETag);
    }

    [Fact]
    public async Task A_period_below_the_minimum_is_refused()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => Grain("fast").RegisterAsync("r", TimeSpan.Zero, TimeSpan.FromMilliseconds(500)));
        Assert.Contains("MinimumPeriod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_grain_that_cannot_receive_ticks_cannot_register_a_reminder()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Silo.Grains.GetGrain<INotRemindableGrain>("deaf").RegisterAsync());
        Assert.Contains(nameof(IRemindable), error.Message, StringComparison.Ordinal);
        Assert.Empty(await Silo.Get<IReminderTable>().ReadAllAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void The_minimum_period_defaults_to_one_minute_as_in_Orleans() =>
        Assert.Equal(TimeSpan.FromMinutes(1), new ReminderOptions().MinimumPeriod);

    private string GrainTypeOf() => Silo.Get<GrainInterfaceRegistry>().Get(typeof(IReminderGrain)).GrainType;

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _directory.Dispose();
    }
}
