using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FraudActors.Runtime.Signals;

/// <summary>
/// Signals between the silos of a cluster over PostgreSQL LISTEN/NOTIFY: a publish is one <c>pg_notify</c>, and every
/// silo (the publisher too) listens on one dedicated long-lived connection. Channel names are namespaced by the
/// cluster id, so clusters sharing a database do not hear each other.
/// </summary>
/// <remarks>
/// Signals are hints (see <see cref="IClusterSignals"/>), and this transport keeps to that:
/// <list type="bullet">
/// <item>A failed publish is logged and counted, never thrown: the change it announces has already been made, and
/// receivers poll.</item>
/// <item>When the listening connection breaks, it is opened again with a doubling back-off
/// (<see cref="PostgresClusterSignalsOptions"/>), and every subscriber is then called once, since PostgreSQL drops
/// notifications for a session that is not there.</item>
/// <item>The listener starts with the first subscription, not before: a silo that only publishes holds no connection.</item>
/// </list>
/// Handlers run on the thread pool, never on the listener's loop, so a slow handler delays nobody's signal.
/// </remarks>
public sealed partial class PostgresClusterSignals : IClusterSignals, IAsyncDisposable, IDisposable
{
    /// <summary><c>application_name</c> of the listening session, so it is recognisable in <c>pg_stat_activity</c>.</summary>
    public const string ListenerApplicationName = "fraudactors-signals";

    // PostgreSQL identifiers (channel names among them) are at most NAMEDATALEN - 1 = 63 bytes; LISTEN would silently
    // truncate a longer one and pg_notify refuse it, so such a name is refused here instead.
    private const int MaxChannelBytes = 63;

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> _channels = new(StringComparer.Ordinal);
    private readonly NpgsqlDataSource _publisher;
    private readonly NpgsqlDataSource _listener;
    private readonly string _prefix;
    private readonly PostgresClusterSignalsOptions _options;
    private readonly TimeProvider _time;
    private readonly SignalInstruments _instruments;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();
    private Task _loop = Task.CompletedTask;
    private bool _started;
    private int _disposed;

    // Raised by every new channel; the loop LISTENs again when it differs from what it listened to.
    private int _channelsVersion;
    private CancellationTokenSource? _wake;
    private volatile ImmutableHashSet<string> _listening = ImmutableHashSet<string>.Empty;
    private volatile int _listenerProcessId;
    private int _connections;

    /// <summary>Signals for the cluster <paramref name="clusterId"/> in the database <paramref name="connectionString"/> names.</summary>
    /// <param name="connectionString">An Npgsql connection string (the role needs no rights beyond connecting).</param>
    /// <param name="clusterId">The cluster's id: letters, digits, '_', '-' and '.'.</param>
    /// <param name="options">Reconnection and keep-alive timings.</param>
    /// <param name="time">The clock for back-off and keep-alive.</param>
    /// <param name="meterFactory">Creates the runtime meter the signal metrics go to.</param>
    /// <param name="logger">Logs connects, reconnects and failures.</param>
    public PostgresClusterSignals(
        string connectionString,
        string clusterId,
        PostgresClusterSignalsOptions options,
        TimeProvider time,
        IMeterFactory meterFactory,
        ILogger<PostgresClusterSignals> logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        RequireName(clusterId, nameof(clusterId));
        _prefix = clusterId + ".";
        _options = options;
        _time = time;
        _instruments = new SignalInstruments(meterFactory);
        _logger = logger;

        // Publishing borrows a pooled connection for one statement; listening holds one of its own, outside any pool,
        // so closing it really ends the session (a pooled one would go back to the pool still listening).
        _publisher = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 2, ApplicationName = "fraudactors" });
        _listener = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, ApplicationName = ListenerApplicationName });
    }

    /// <summary>Channels the listening connection is registered for now (empty while it is down).</summary>
    internal ImmutableHashSet<string> Listening => _listening;

    /// <summary>The server process of the listening session, 0 while there is none (for tests that end it).</summary>
    internal int ListenerProcessId => _listenerProcessId;

    /// <summary>Listening connections opened so far.</summary>
    internal int Connections => Volatile.Read(ref _connections);

    /// <inheritdoc />
    public async ValueTask PublishAsync(string channel, CancellationToken cancellationToken)
    {
        var name = ServerName(channel);
        try
        {
            // pg_notify rather than NOTIFY: the channel is a parameter, never spliced into SQL.
            await using var notify = _publisher.CreateCommand("SELECT pg_notify($1, '')");
            notify.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            _instruments.Published(succeeded: true);
        }
        catch (Exception exception) when (exception is NpgsqlException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            _instruments.Published(succeeded: false);
            LogPublishFailed(_logger, exception, channel);
        }
    }

    /// <inheritdoc />
    public IDisposable Subscribe(string channel, Func<CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var name = ServerName(channel);
        var subscription = new Subscription(this, name, handler);
        var added = false;
        var subscriptions = _channels.GetOrAdd(name, _ =>
        {
            added = true;
            return new();
        });
        subscriptions.TryAdd(subscription, 0);
        if (added)
        {
            Interlocked.Increment(ref _channelsVersion);
        }

        lock (_gate)
        {
            if (!_started)
            {
                _started = true;
                _loop = Task.Run(() => ListenAsync(_stopping.Token));
            }
            else if (added)
            {
                // The connection is inside a wait and takes no command: interrupt it so the loop LISTENs the new channel.
                _wake?.Cancel();
            }
        }

        return subscription;
    }

    /// <summary>Stops listening: the session ends, and no handler is called after this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _channels.Clear();
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _publisher.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <inheritdoc cref="DisposeAsync" />
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task ListenAsync(CancellationToken stopping)
    {
        var delay = _options.MinReconnectDelay;
        var lost = false;
        var gap = false;
        while (!stopping.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await _listener.OpenConnectionAsync(stopping).ConfigureAwait(false);
                connection.Notification += OnNotification;
                var listenedVersion = await ListenAllAsync(connection, stopping).ConfigureAwait(false);
                _listenerProcessId = connection.ProcessID;
                Interlocked.Increment(ref _connections);
                _instruments.Connected(reconnect: lost);
                delay = _options.MinReconnectDelay;
                if (lost)
                {
                    LogReconnected(_logger, _listening.Count);
                }
                else if (!gap)
                {
                    LogConnected(_logger, _listening.Count);
                }

                if (gap)
                {
                    // Whatever was signalled while no session listened is lost: tell every subscriber to look once.
                    TriggerAll(stopping);
                }

                lost = false;
                gap = false;
                await WaitForNotificationsAsync(connection, listenedVersion, stopping).ConfigureAwait(false);
                gap = true;
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Whatever broke, the loop must go on: a listener that gave up would leave this silo deaf until restart.
                lost = true;
                gap = true;
                _instruments.ConnectionFailed();
                LogConnectionFailed(_logger, exception, delay);
                try
                {
                    await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
            }
            finally
            {
                _listening = ImmutableHashSet<string>.Empty;
                _listenerProcessId = 0;
                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        LogStopped(_logger);
    }

    /// <summary>
    /// Waits for notifications until the connection fails (thrown) or a new channel needs a LISTEN (returns, and the
    /// caller opens a fresh connection that listens to every channel).
    /// </summary>
    private async Task WaitForNotificationsAsync(NpgsqlConnection connection, int listenedVersion, CancellationToken stopping)
    {
        while (true)
        {
            using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            lock (_gate)
            {
                _wake = wake;
            }

            try
            {
                // A channel added before the wake was published has not cancelled it: look after publishing it.
                if (Volatile.Read(ref _channelsVersion) != listenedVersion)
                {
                    return;
                }

                if (!await connection.WaitAsync((int)_options.KeepAlivePeriod.TotalMilliseconds, wake.Token).ConfigureAwait(false))
                {
                    // Quiet for a whole period: prove the session is still there (a dead peer without a reset would
                    // otherwise keep this wait going forever). Notifications that arrive meanwhile are raised as usual.
                    await using var ping = new NpgsqlCommand("SELECT 1", connection);
                    await ping.ExecuteScalarAsync(stopping).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (wake.IsCancellationRequested && !stopping.IsCancellationRequested)
            {
                // Woken for a new channel. A cancelled wait may leave the protocol mid-message, so the connection is not
                // reused: the caller opens another and LISTENs everything, which takes a few milliseconds.
                LogRelistening(_logger);
                return;
            }
            finally
            {
                lock (_gate)
                {
                    _wake = null;
                }
            }
        }
    }

    private async Task<int> ListenAllAsync(NpgsqlConnection connection, CancellationToken stopping)
    {
        var version = Volatile.Read(ref _channelsVersion);
        var names = _channels.Keys.ToImmutableHashSet(StringComparer.Ordinal);
        if (names.Count > 0)
        {
            // Identifiers cannot be parameters; the names are validated (ServerName) and quoted.
            await using var listen = new NpgsqlCommand(string.Concat(names.Select(n => $"LISTEN {Quote(n)};")), connection);
            await listen.ExecuteNonQueryAsync(stopping).ConfigureAwait(false);
        }

        _listening = names;
        return version;
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        _instruments.Received();
        if (_channels.TryGetValue(e.Channel, out var subscriptions))
        {
            foreach (var subscription in subscriptions.Keys)
            {
                Dispatch(subscription, _stopping.Token);
            }
        }
    }

    private void TriggerAll(CancellationToken stopping)
    {
        foreach (var subscription in _channels.Values.SelectMany(s => s.Keys))
        {
            Dispatch(subscription, stopping);
        }
    }

    private void Dispatch(Subscription subscription, CancellationToken stopping) =>
        _ = Task.Run(() => InvokeAsync(subscription, stopping), CancellationToken.None);

    private async Task InvokeAsync(Subscription subscription, CancellationToken stopping)
    {
        if (subscription.Disposed || stopping.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await subscription.Handler(stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogHandlerFailed(_logger, exception, subscription.Channel);
        }
    }

    private string ServerName(string channel)
    {
        RequireName(channel, nameof(channel));
        var name = _prefix + channel;
        return name.Length <= MaxChannelBytes
            ? name
            : throw new ArgumentException($"Signal channel '{name}' (cluster id and channel) is longer than PostgreSQL's {MaxChannelBytes}-byte identifiers.", nameof(channel));
    }

    private static void RequireName(string name, string parameter)
    {
        ArgumentException.ThrowIfNullOrEmpty(name, parameter);
        if (!SafeName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' may hold only ASCII letters, digits, '_', '-' and '.'.", parameter);
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [GeneratedRegex("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeName();

    [LoggerMessage(EventId = 230, Level = LogLevel.Information, Message = "Cluster signals: listening on {Channels} channels")]
    private static partial void LogConnected(ILogger logger, int channels);

    [LoggerMessage(EventId = 231, Level = LogLevel.Warning, Message = "Cluster signals: listening again on {Channels} channels after the connection was lost; every subscriber is told to look, since signals sent meanwhile are lost")]
    private static partial void LogReconnected(ILogger logger, int channels);

    [LoggerMessage(EventId = 232, Level = LogLevel.Warning, Message = "Cluster signals: the listening connection failed or could not be opened; retrying in {Delay}")]
    private static partial void LogConnectionFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 233, Level = LogLevel.Warning, Message = "Cluster signals: publishing on {Channel} failed; receivers will find the change at their next poll")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(EventId = 234, Level = LogLevel.Warning, Message = "Cluster signals: a handler of channel {Channel} failed")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(EventId = 235, Level = LogLevel.Debug, Message = "Cluster signals: a new channel was subscribed; listening again on a fresh connection")]
    private static partial void LogRelistening(ILogger logger);

    [LoggerMessage(EventId = 236, Level = LogLevel.Information, Message = "Cluster signals: stopped listening")]
    private static partial void LogStopped(ILogger logger);

    private sealed class Subscription(PostgresClusterSignals owner, string channel, Func<CancellationToken, Task> handler) : IDisposable
    {
        private int _disposed;

        public string Channel { get; } = channel;

        public Func<CancellationToken, Task> Handler { get; } = handler;

        public bool Disposed => Volatile.Read(ref _disposed) != 0;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0 && owner._channels.TryGetValue(Channel, out var subscriptions))
            {
                subscriptions.TryRemove(this, out _);
            }
        }
    }
}
