using System.Diagnostics.Metrics;
using FraudActors.Runtime.Signals;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FraudActors.Runtime.Tests.Signals;

/// <summary>
/// LISTEN/NOTIFY signals on a real PostgreSQL server. Each instance is what one silo holds: its own publishing pool
/// and its own listening session, so a signal that arrives has crossed the server.
/// </summary>
public sealed class PostgresClusterSignalsTests : IAsyncLifetime
{
    // Well under the model poll (5 s): a signal is only worth having if it arrives long before a poll would.
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private readonly ServiceProvider _metrics = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<PostgresClusterSignals> _instances = [];
    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    [Fact]
    public async Task A_signal_published_by_one_silo_reaches_the_subscribers_of_every_silo_including_its_own()
    {
        var publisher = Create("cluster-a");
        var other = Create("cluster-a");
        var heardByOther = 0;
        var heardByPublisher = 0;
        using var a = other.Subscribe("models", _ => Count(ref heardByOther));
        using var b = publisher.Subscribe("models", _ => Count(ref heardByPublisher));
        await ListeningAsync(other, "cluster-a.models");
        await ListeningAsync(publisher, "cluster-a.models");

        await publisher.PublishAsync("models", Ct);

        await Eventually.HoldsAsync(() => Volatile.Read(ref heardByOther) == 1, "the other silo's subscriber to hear the signal", Deadline);
        await Eventually.HoldsAsync(() => Volatile.Read(ref heardByPublisher) == 1, "the publisher's own subscriber to hear it", Deadline);
    }

    [Fact]
    public async Task Clusters_sharing_a_database_and_other_channels_do_not_hear_each_other()
    {
        var listener = Create("cluster-a");
        var heard = new List<string>();
        using var a = listener.Subscribe("models", _ => Record(heard, "models"));
        using var b = listener.Subscribe("other", _ => Record(heard, "other"));
        await ListeningAsync(listener, "cluster-a.models");
        await ListeningAsync(listener, "cluster-a.other");

        var otherCluster = Create("cluster-b");
        await otherCluster.PublishAsync("models", Ct);
        await Create("cluster-a").PublishAsync("other", Ct);

        // The second signal was sent after the first, on the same server: once it has arrived, the first would have too.
        await Eventually.HoldsAsync(() => Snapshot(heard).Contains("other"), "the signal of this cluster to arrive", Deadline);
        Assert.Equal(["other"], Snapshot(heard));
    }

    [Fact]
    public async Task After_its_session_is_terminated_the_listener_reconnects_tells_every_subscriber_and_hears_later_signals()
    {
        var listener = Create("cluster-a");
        var heard = 0;
        using var subscription = listener.Subscribe("models", _ => Count(ref heard));
        await ListeningAsync(listener, "cluster-a.models");
        var firstSession = listener.ListenerProcessId;

        await TerminateAsync(firstSession);

        // Nothing was published: the one call is the reconnect's "look again", since signals sent while the session was
        // gone would have been lost.
        await Eventually.HoldsAsync(() => Volatile.Read(ref heard) == 1, "the subscriber to be told once after the reconnect", Deadline);
        Assert.NotEqual(firstSession, listener.ListenerProcessId);
        Assert.Equal(2, listener.Connections);

        await Create("cluster-a").PublishAsync("models", Ct);
        await Eventually.HoldsAsync(() => Volatile.Read(ref heard) == 2, "a signal sent after the reconnect to arrive", Deadline);
    }

    [Fact]
    public async Task A_channel_subscribed_while_listening_is_heard_too()
    {
        var listener = Create("cluster-a");
        using var first = listener.Subscribe("first", _ => Task.CompletedTask);
        await ListeningAsync(listener, "cluster-a.first");
        var heard = 0;

        using var second = listener.Subscribe("second", _ => Count(ref heard));
        await ListeningAsync(listener, "cluster-a.second");
        await Create("cluster-a").PublishAsync("second", Ct);

        await Eventually.HoldsAsync(() => Volatile.Read(ref heard) >= 1, "the later channel's signal to arrive", Deadline);
    }

    [Fact]
    public async Task Disposing_ends_the_listening_session()
    {
        var listener = Create("cluster-a");
        using var subscription = listener.Subscribe("models", _ => Task.CompletedTask);
        await ListeningAsync(listener, "cluster-a.models");
        Assert.Equal(1, await ListeningSessionsAsync());

        await listener.DisposeAsync();

        // The client closes its end at once; the server's backend leaves pg_stat_activity a moment later.
        await Eventually.HoldsAsync(async () => await ListeningSessionsAsync() == 0, "the listening session to end", Deadline);
        Assert.Equal(0, listener.ListenerProcessId);
        Assert.Throws<ObjectDisposedException>(() => listener.Subscribe("models", _ => Task.CompletedTask));
    }

    [Theory]
    [InlineData("with space")]
    [InlineData("quote\"d")]
    [InlineData("semi;colon")]
    [InlineData("")]
    public void Channel_names_that_are_not_plain_identifiers_are_refused(string channel)
    {
        var signals = Create("cluster-a");

        Assert.ThrowsAny<ArgumentException>(() => signals.Subscribe(channel, _ => Task.CompletedTask));
    }

    [Fact]
    public void A_name_longer_than_a_PostgreSQL_identifier_is_refused()
    {
        var signals = Create("cluster-a");

        Assert.Throws<ArgumentException>(() => signals.Subscribe(new string('c', 60), _ => Task.CompletedTask));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        await _metrics.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private PostgresClusterSignals Create(string clusterId)
    {
        var signals = new PostgresClusterSignals(
            _database!.ConnectionString,
            clusterId,
            new PostgresClusterSignalsOptions { MinReconnectDelay = TimeSpan.FromMilliseconds(50), MaxReconnectDelay = TimeSpan.FromMilliseconds(500) },
            TimeProvider.System,
            _metrics.GetRequiredService<IMeterFactory>(),
            NullLogger<PostgresClusterSignals>.Instance);
        _instances.Add(signals);
        return signals;
    }

    private static Task ListeningAsync(PostgresClusterSignals signals, string channel) =>
        Eventually.HoldsAsync(() => signals.Listening.Contains(channel), $"the listener to LISTEN on {channel}", Deadline);

    private static Task Count(ref int counter)
    {
        Interlocked.Increment(ref counter);
        return Task.CompletedTask;
    }

    private static Task Record(List<string> heard, string channel)
    {
        lock (heard)
        {
            heard.Add(channel);
        }

        return Task.CompletedTask;
    }

    private static string[] Snapshot(List<string> heard)
    {
        lock (heard)
        {
            return [.. heard];
        }
    }

    private async Task TerminateAsync(int processId)
    {
        await using var terminate = _database!.Database.DataSource.CreateCommand("SELECT pg_terminate_backend($1)");
        terminate.Parameters.Add(new NpgsqlParameter<int> { TypedValue = processId });
        Assert.True((bool)(await terminate.ExecuteScalarAsync(Ct))!);
    }

    private async Task<long> ListeningSessionsAsync()
    {
        await using var count = _database!.Database.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1");
        count.Parameters.Add(new NpgsqlParameter<string> { TypedValue = PostgresClusterSignals.ListenerApplicationName });
        return (long)(await count.ExecuteScalarAsync(Ct))!;
    }
}
