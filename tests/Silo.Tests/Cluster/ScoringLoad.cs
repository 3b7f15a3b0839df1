using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FraudActors.Ml.Data;
using FraudActors.Silo.Replay;
using FraudActors.Silo.Tests.Hosting;
using FraudActors.Silo.Tests.Replay;

namespace FraudActors.Silo.Tests.Cluster;

/// <summary>
/// Concurrent clients scoring simulated transactions through the silos' HTTP APIs, round robin, as payment systems
/// behind a plain load balancer would. Customers are partitioned over the clients and each client sends its
/// customers' transactions one at a time in time order, so every customer's windows see its transactions in order
/// whatever happens to the silos. A request that fails with a retryable error is sent again to the next silo (scoring
/// is idempotent on the transaction id) until it is acknowledged or its retry budget is spent.
/// </summary>
internal sealed class ScoringLoad : IDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    private readonly IReadOnlyList<Transaction>[] _partitions;
    private readonly TimeSpan _requestTimeout;
    private readonly TimeSpan _retryBudget;
    private readonly ConcurrentDictionary<SiloProcess, HttpClient> _clients = new();
    private SiloProcess[] _entryPoints = [];
    private int _acknowledged;
    private long _paceTicks;

    /// <param name="transactions">Time-ordered transactions to score.</param>
    /// <param name="clients">Concurrent clients.</param>
    /// <param name="requestTimeout">Each request's deadline: longer than the silo's own grain-call deadline (10 s),
    /// so a request the client gives up on is one the silo has given up on too.</param>
    /// <param name="retryBudget">How long a client keeps retrying one transaction before reporting it lost.</param>
    public ScoringLoad(IReadOnlyList<Transaction> transactions, int clients, TimeSpan? requestTimeout = null, TimeSpan? retryBudget = null)
    {
        _partitions = [.. Enumerable.Range(0, clients).Select(c => (IReadOnlyList<Transaction>)[.. transactions.Where(t => t.CustomerId % clients == c)])];
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(15);
        _retryBudget = retryBudget ?? TimeSpan.FromSeconds(60);
    }

    /// <summary>Every attempt made, in no particular order.</summary>
    public ConcurrentQueue<ScoreAttempt> Attempts { get; } = new();

    /// <summary>The acknowledged transactions by id.</summary>
    public ConcurrentDictionary<string, Acknowledgement> Acknowledgements { get; } = new(StringComparer.Ordinal);

    /// <summary>Transactions given up on after the retry budget.</summary>
    public ConcurrentQueue<string> Lost { get; } = new();

    /// <summary>Transactions acknowledged so far.</summary>
    public int Acknowledged => Volatile.Read(ref _acknowledged);

    /// <summary>The silos requests go to, round robin; may change while the load runs (a silo joins).</summary>
    public void SetEntryPoints(IEnumerable<SiloProcess> silos) => Volatile.Write(ref _entryPoints, [.. silos]);

    /// <summary>
    /// Makes every client wait <paramref name="gap"/> before each next transaction (null: no wait). Load shaping, not
    /// synchronisation: it keeps a slowed-down load running through something slow (a silo joining on cores the load
    /// and the other silos share) so that load is left for after it, however long it takes on a busy machine.
    /// </summary>
    public void Pace(TimeSpan? gap) => Volatile.Write(ref _paceTicks, gap?.Ticks ?? 0);

    /// <summary>Runs every client to the end of its transactions.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(_partitions.Select((partition, client) => Task.Run(() => RunClientAsync(client, partition, cancellationToken), cancellationToken)));

    /// <summary>Scores one transaction, retrying through the silos from <paramref name="first"/> on, until acknowledged.</summary>
    /// <returns>The acknowledged body, or null when the retry budget ran out.</returns>
    public async Task<JsonObject?> ScoreAsync(Transaction transaction, int first, CancellationToken cancellationToken)
    {
        var request = TransactionReplay.ToRequest(transaction);
        var budget = Stopwatch.StartNew();
        for (var attempt = 0; budget.Elapsed < _retryBudget; attempt++)
        {
            var entryPoints = Volatile.Read(ref _entryPoints);
            var silo = entryPoints[(first + attempt) % entryPoints.Length];
            var sentAt = Stopwatch.GetTimestamp();
            var (outcome, body, detail) = await SendAsync(silo, transaction, cancellationToken);
            var answeredAt = Stopwatch.GetTimestamp();
            Attempts.Enqueue(new ScoreAttempt(request.TransactionId, request.CustomerId, silo.Name, sentAt, Stopwatch.GetElapsedTime(sentAt, answeredAt), outcome, detail));
            if (outcome == AttemptOutcome.Acknowledged)
            {
                if (Acknowledgements.TryAdd(request.TransactionId, new Acknowledgement(request.CustomerId, body!, sentAt, answeredAt)))
                {
                    Interlocked.Increment(ref _acknowledged);
                }

                return body;
            }

            await Task.Delay(RetryDelay, cancellationToken);
        }

        Lost.Enqueue(request.TransactionId);
        return null;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }

    private async Task RunClientAsync(int client, IReadOnlyList<Transaction> partition, CancellationToken cancellationToken)
    {
        for (var i = 0; i < partition.Count; i++)
        {
            if (Volatile.Read(ref _paceTicks) is var pace and > 0)
            {
                await Task.Delay(TimeSpan.FromTicks(pace), cancellationToken);
            }

            await ScoreAsync(partition[i], client + i, cancellationToken);
        }
    }

    private async Task<(AttemptOutcome Outcome, JsonObject? Body, string? Detail)> SendAsync(
        SiloProcess silo, Transaction transaction, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd(silo, s => s.CreateClient(_requestTimeout));
        try
        {
            using var response = await client.PostAsJsonAsync("/v1/transactions/score", SimulatedRequests.Body(transaction), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return (AttemptOutcome.Acknowledged, (JsonObject)JsonNode.Parse(text)!, null);
            }

            var retryable = response.StatusCode == HttpStatusCode.ServiceUnavailable
                && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            return (retryable ? AttemptOutcome.Unavailable : AttemptOutcome.NotRetryable, null, $"{(int)response.StatusCode}: {text}");
        }
        catch (TaskCanceledException timeout) when (!cancellationToken.IsCancellationRequested)
        {
            return (AttemptOutcome.TimedOut, null, timeout.Message);
        }
        catch (HttpRequestException failed)
        {
            return (AttemptOutcome.ConnectionFailed, null, $"{failed.HttpRequestError}: {failed.Message}");
        }
    }
}
