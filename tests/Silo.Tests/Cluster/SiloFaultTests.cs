using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using FraudActors.Grains.Interfaces.Models;
using FraudActors.Ml.Data;
using FraudActors.Runtime;
using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Silo.Replay;
using FraudActors.Silo.Tests.Hosting;
using FraudActors.Silo.Tests.Replay;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Cluster;

/// <summary>
/// Faults done to real silo processes of a cluster (SIGKILL, SIGSTOP/SIGCONT, a silo joining), under load through the
/// silos' HTTP APIs, checked against what must hold: nothing acknowledged is lost, no client sees an error it cannot
/// retry, and every decision's features equal the batch pipeline's, as if nothing had happened.
/// </summary>
public sealed class SiloFaultTests(ClusterModels models) : IClassFixture<ClusterModels>
{
    // About 14 days of the simulation: a few thousand requests, every customer active throughout.
    private const int LoadSize = 3_000;
    private const int Clients = 16;

    private static readonly GrainId Registry = new("model-registry", IModelRegistryGrain.Key);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Kill_9_of_one_of_three_silos_under_load_loses_no_acknowledged_decision()
    {
        await using var cluster = await ProcessCluster.StartAsync(models.Trained, 3, Ct);
        var transactions = Slice(LoadSize);
        var victim = cluster.Silos[1];
        var victimAddress = (await cluster.EntryOfAsync(victim)).Silo;
        var placement = await cluster.PlacementAsync();
        var victimCustomers = Customers(transactions).Where(c => placement.OwnerOf(ProcessCluster.CustomerGrain(c)) == victimAddress).ToHashSet();
        Assert.NotEmpty(victimCustomers);

        using var load = new ScoringLoad(transactions, Clients);
        load.SetEntryPoints(cluster.Silos);
        var running = load.RunAsync(Ct);
        await Eventually.HoldsAsync(() => load.Acknowledged >= transactions.Count / 4 || running.IsCompleted, "a quarter of the load acknowledged");
        Assert.False(running.IsCompleted, "the load ended before the kill");

        var acknowledgedBeforeKill = load.Acknowledgements.Count;
        var killStarted = Stopwatch.GetTimestamp();
        victim.Kill();

        // From here the process is gone: nothing answered later can have come from it.
        var killedAt = Stopwatch.GetTimestamp();
        var deathRecorded = WhenDeadAsync(cluster, victim);
        await running;
        var deathAfter = Stopwatch.GetElapsedTime(killedAt, await deathRecorded);

        // Every request either succeeded or failed in a way a client retries; connections failed only to the dead silo.
        Assert.Empty(load.Attempts.Where(a => a.Outcome == AttemptOutcome.NotRetryable).Take(5));
        Assert.Empty(load.Attempts.Where(a => a.Outcome == AttemptOutcome.ConnectionFailed && a.Silo != victim.Name).Take(5));
        var failed = load.Attempts
            .Where(a => a.Outcome != AttemptOutcome.Acknowledged && a.SentAt + (long)(a.Elapsed.TotalSeconds * Stopwatch.Frequency) >= killStarted)
            .ToArray();
        Assert.True(failed.Length > 0, "no request failed: the kill did not hit the load");

        // Retried until acknowledged, every one; and the first of the dead silo's customers was served again by a survivor.
        Assert.Empty(load.Lost);
        Assert.Equal(transactions.Count, load.Acknowledgements.Count);
        var servedAgain = load.Acknowledgements.Values.Where(a => a.SentAt > killedAt && victimCustomers.Contains(a.CustomerId)).ToArray();
        Assert.NotEmpty(servedAgain);
        var servedAgainAfter = Stopwatch.GetElapsedTime(killedAt, servedAgain.Min(a => a.AnsweredAt));

        await AssertEveryDecisionLoggedWithOfflineFeaturesAsync(cluster, transactions, load);
        await AssertCustomerFeaturesEqualOfflineAsync(cluster.Silos.Where(s => s != victim), transactions);

        // A plain round robin keeps sending to the dead silo's port for the rest of the run; the failures that are the
        // failover's own are those at the survivors, and those until the dead silo's customers are served again.
        var recovered = killedAt + (long)(servedAgainAfter.TotalSeconds * Stopwatch.Frequency);
        var duringFailover = failed.Where(a => a.SentAt <= recovered).ToArray();
        var slowest = load.Attempts.Where(a => a.Outcome == AttemptOutcome.Acknowledged && a.SentAt + (long)(a.Elapsed.TotalSeconds * Stopwatch.Frequency) >= killStarted)
            .Max(a => a.Elapsed);
        Report(
            $"kill -9 of {victim.Name} after {acknowledgedBeforeKill} of {transactions.Count} acknowledged ({Clients} clients, 3 silos): " +
            $"death recorded after {deathAfter.TotalSeconds:0.00} s; first customer of the dead silo scored again after {servedAgainAfter.TotalSeconds:0.00} s; " +
            $"slowest acknowledged request after the kill {slowest.TotalSeconds:0.00} s; failed attempts until then: {Describe(duringFailover)}; " +
            $"in the whole run after the kill: {Describe(failed)}, {failed.Select(a => a.TransactionId).Distinct().Count()} transactions retried");
    }

    [Fact]
    public async Task Joining_a_fourth_silo_under_load_moves_about_a_quarter_of_the_grains_and_loses_no_request()
    {
        await using var cluster = await ProcessCluster.StartAsync(models.Trained, 3, Ct);
        var transactions = Slice(LoadSize);

        using var load = new ScoringLoad(transactions, Clients);
        load.SetEntryPoints(cluster.Silos);
        var running = load.RunAsync(Ct);
        await Eventually.HoldsAsync(() => load.Acknowledged >= transactions.Count / 5 || running.IsCompleted, "a fifth of the load acknowledged");
        Assert.False(running.IsCompleted, "the load ended before the join");

        // Slowed to ~80 transactions/s while the fourth silo starts (its start takes 5-20 s on two busy cores), so the
        // join happens under load and most of the load is still left for after it.
        load.Pace(TimeSpan.FromMilliseconds(200));
        var joinStarted = Stopwatch.GetTimestamp();
        var fourth = await cluster.AddSiloAsync();
        var joined = Stopwatch.GetTimestamp();
        load.SetEntryPoints(cluster.Silos);
        load.Pace(null);
        var acknowledgedAtJoin = load.Acknowledged;
        await running;

        // No silo went away, so no connection failed; a call caught in a hand-over may be answered 503 and retried.
        Assert.Empty(load.Attempts.Where(a => a.Outcome is AttemptOutcome.NotRetryable or AttemptOutcome.ConnectionFailed).Take(5));

        // A joining silo loads the model before it becomes active: no grain placed on it may answer "no model".
        Assert.Empty(load.Attempts.Where(a => a.Detail?.Contains("No model is loaded", StringComparison.Ordinal) == true).Take(5));
        Assert.Empty(load.Lost);
        Assert.Equal(transactions.Count, load.Acknowledgements.Count);
        Assert.True(load.Acknowledged - acknowledgedAtJoin > transactions.Count / 4, "most of the load ran before the fourth silo was active");

        // About a quarter of the customers are placed on the new silo...
        var placement = await cluster.PlacementAsync();
        Assert.Equal(4, placement.Silos.Length);
        var fourthAddress = (await cluster.EntryOfAsync(fourth)).Silo;
        var customers = Customers(transactions);
        var moved = customers.Where(c => placement.OwnerOf(ProcessCluster.CustomerGrain(c)) == fourthAddress).ToHashSet();
        var share = (double)moved.Count / customers.Count;
        Assert.InRange(share, 0.15, 0.35);

        // ...and the new silo served them: each one's decisions after the join (once every view has it) were written by
        // it, and it wrote none of anyone else's.
        var writers = await cluster.WritersAsync([.. load.Acknowledgements.Keys]);
        var settled = joined + (long)(4 * ProcessCluster.MembershipPeriod.TotalSeconds * Stopwatch.Frequency);
        Assert.All(writers.Where(w => w.Value == fourth.Name), w => Assert.Contains(load.Acknowledgements[w.Key].CustomerId, moved));
        var servedByFourth = load.Acknowledgements.Where(a => a.Value.SentAt > settled && moved.Contains(a.Value.CustomerId)).Select(a => a.Key).ToArray();
        Assert.NotEmpty(servedByFourth);
        Assert.All(servedByFourth, id => Assert.Equal(fourth.Name, writers[id]));

        await AssertEveryDecisionLoggedWithOfflineFeaturesAsync(cluster, transactions, load);
        await AssertCustomerFeaturesEqualOfflineAsync(cluster.Silos, transactions);
        Report(
            $"join of {fourth.Name} after {acknowledgedAtJoin} of {transactions.Count} acknowledged ({Clients} clients): ready and active after " +
            $"{Stopwatch.GetElapsedTime(joinStarted, joined).TotalSeconds:0.00} s; {moved.Count} of {customers.Count} customers ({share:P0}) placed on it, " +
            $"{servedByFourth.Length} decisions written by it afterwards; failed attempts: {Describe([.. load.Attempts.Where(a => a.Outcome != AttemptOutcome.Acknowledged)])}");
    }

    [Fact]
    public async Task Singletons_move_to_a_survivor_when_their_silo_dies()
    {
        await using var cluster = await ProcessCluster.StartAsync(models.Trained, 3, Ct);
        var owner = cluster.ProcessOf((await cluster.PlacementAsync()).OwnerOf(Registry)!);
        var survivors = cluster.Silos.Where(s => s != owner).ToArray();

        // A change made before the kill: the second version promoted.
        using (var promote = await owner.Client.PostAsJsonAsync($"/admin/models/{models.Second.Version}/promote", new { reason = "before the kill" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, promote.StatusCode);
        }

        var before = await GetJsonAsync(survivors[0], "/admin/models");
        var retrainingBefore = await GetJsonAsync(survivors[0], "/admin/retrain");
        Assert.Equal(models.Second.Version, before["assignment"]!["champion"]!["version"]!.GetValue<string>());

        owner.Kill();
        await cluster.WaitUntilDeadAsync(owner, TimeSpan.FromSeconds(30));

        // The registry comes back on a survivor from its stored state: the same versions, champion and history.
        var after = await GetJsonAsync(survivors[1], "/admin/models");
        Assert.Equal(before["assignment"]!.ToJsonString(), after["assignment"]!.ToJsonString());
        Assert.Equal(before["versions"]!.ToJsonString(), after["versions"]!.ToJsonString());
        Assert.Equal(before["history"]!.ToJsonString(), after["history"]!.ToJsonString());
        Assert.Equal(retrainingBefore.ToJsonString(), (await GetJsonAsync(survivors[1], "/admin/retrain")).ToJsonString());

        // And it takes changes there: a rollback through one survivor shows through the other.
        using (var rollback = await survivors[0].Client.PostAsJsonAsync("/admin/models/rollback", new { }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        }

        var rolledBack = await GetJsonAsync(survivors[1], "/admin/models");
        Assert.Equal(models.Trained.Manifest.Version, rolledBack["assignment"]!["champion"]!["version"]!.GetValue<string>());
        Assert.Equal(before["history"]!.AsArray().Count + 1, rolledBack["history"]!.AsArray().Count);
    }

    // Without fencing this fails: on SIGCONT the paused silo serves the request waiting in its socket from its stale
    // activation (1-day count 2 where the log says 5) and logs that decision before its membership loop reads that it
    // is dead. With fencing the stale append is refused and surfaces as a retryable error (503 or a closed connection).
    [Fact]
    public async Task A_paused_silo_resumed_after_its_grains_moved_cannot_write_stale_decisions_and_steps_down()
    {
        await using var cluster = await ProcessCluster.StartAsync(models.Trained, 3, Ct);
        var placement = await cluster.PlacementAsync();
        var paused = cluster.Silos[2];
        var pausedAddress = (await cluster.EntryOfAsync(paused)).Silo;
        var others = cluster.Silos.Where(s => s != paused).ToArray();

        // The busiest customer placed on the silo to be paused: its transactions in time order.
        var history = Slice(LoadSize)
            .GroupBy(t => TransactionReplay.ToRequest(t).CustomerId)
            .Where(g => placement.OwnerOf(ProcessCluster.CustomerGrain(g.Key)) == pausedAddress)
            .MaxBy(g => g.Count())!
            .ToArray();
        var customer = TransactionReplay.ToRequest(history[0]).CustomerId;
        Assert.True(history.Length >= 10, $"customer {customer} has only {history.Length} transactions");
        using var scoring = new ScoringLoad([], 1);
        scoring.SetEntryPoints(others);

        // Scored through the others, decided by its grain on the silo about to pause.
        foreach (var transaction in history[..4])
        {
            Assert.NotNull(await scoring.ScoreAsync(transaction, 0, Ct));
        }

        Assert.All((await cluster.WritersAsync(Ids(history[..4]))).Values, writer => Assert.Equal(paused.Name, writer));

        paused.Pause();
        await cluster.WaitUntilDeadAsync(paused, TimeSpan.FromSeconds(30));

        // Its grain comes back on a survivor from the log and counts on.
        foreach (var transaction in history[4..7])
        {
            var answer = await scoring.ScoreAsync(transaction, 0, Ct);
            Assert.NotNull(answer);
            Assert.Null(models.Offline.Mismatch(Ids([transaction])[0], answer["features"]!));
        }

        // A request reaches the paused silo's socket; then the silo runs again, still holding the grain's old windows.
        using var queued = await BackloggedRequest.SendAsync(paused.Address, "/v1/transactions/score", SimulatedRequests.Body(history[7]), Ct);
        paused.Resume();

        Assert.True(await paused.WaitForExitAsync(TimeSpan.FromSeconds(30)), $"{paused.Name} did not step down after it resumed{paused.OutputTail()}");
        var (status, text) = await queued.ReadResponseAsync(TimeSpan.FromSeconds(30));
        if (status == (int)HttpStatusCode.OK)
        {
            // Served by the new owner (forwarded), so counting the transactions made meanwhile.
            Assert.Null(models.Offline.Mismatch(Ids([history[7]])[0], BackloggedRequest.BodyOf(text)["features"]!));
        }
        else
        {
            Assert.True(status is null or (int)HttpStatusCode.ServiceUnavailable, $"the request to the resumed silo got {text}");
        }

        foreach (var transaction in history[7..])
        {
            Assert.NotNull(await scoring.ScoreAsync(transaction, 0, Ct));
        }

        // No decision of the customer, however it was answered, was made with stale windows, and none after the
        // first four came from the silo that was paused.
        var logged = await cluster.LoggedTransactionsOfAsync(customer);
        Assert.Equal(Ids(history).Order(StringComparer.Ordinal), logged.Order(StringComparer.Ordinal));
        foreach (var id in logged)
        {
            var decision = await cluster.Log.FindAsync(id, Ct);
            Assert.Null(models.Offline.Mismatch(id, decision!.Result.Features));
        }

        var writers = await cluster.WritersAsync([.. logged]);
        Assert.Equal(Ids(history[..4]).Order(StringComparer.Ordinal), writers.Where(w => w.Value == paused.Name).Select(w => w.Key).Order(StringComparer.Ordinal));
    }

    private IReadOnlyList<Transaction> Slice(int count) => [.. models.Trained.Dataset.Transactions.Take(count)];

    private static HashSet<string> Customers(IEnumerable<Transaction> transactions) =>
        [.. transactions.Select(t => TransactionReplay.ToRequest(t).CustomerId)];

    private static string[] Ids(IEnumerable<Transaction> transactions) => [.. transactions.Select(t => TransactionReplay.ToRequest(t).TransactionId)];

    /// <summary>When the table first records the silo dead (Stopwatch timestamp), polling every 20 ms.</summary>
    private static async Task<long> WhenDeadAsync(ProcessCluster cluster, SiloProcess silo)
    {
        var deadline = Stopwatch.GetTimestamp() + 30 * Stopwatch.Frequency;
        while ((await cluster.EntryOfAsync(silo)).Status != MembershipStatus.Dead)
        {
            Assert.True(Stopwatch.GetTimestamp() < deadline, $"{silo.Name} was not declared dead within 30 s");
            await Task.Delay(20, Ct);
        }

        return Stopwatch.GetTimestamp();
    }

    /// <summary>Every transaction is in the log once, with the customer features the batch pipeline computes for it.</summary>
    private async Task AssertEveryDecisionLoggedWithOfflineFeaturesAsync(ProcessCluster cluster, IReadOnlyList<Transaction> transactions, ScoringLoad load)
    {
        var mismatches = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await Parallel.ForEachAsync(Ids(transactions), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (id, ct) =>
        {
            var decision = await cluster.Log.FindAsync(id, ct);
            if (decision is null)
            {
                mismatches.Enqueue($"{id}: not in the log");
                return;
            }

            if (models.Offline.Mismatch(id, decision.Result.Features) is { } logged)
            {
                mismatches.Enqueue("logged " + logged);
            }

            if (models.Offline.Mismatch(id, load.Acknowledgements[id].Body["features"]!) is { } answered)
            {
                mismatches.Enqueue("answered " + answered);
            }
        });

        Assert.Empty(mismatches.Take(10));
    }

    /// <summary>Each customer's features now, read through the silos, equal the batch pipeline's after its last transaction.</summary>
    private async Task AssertCustomerFeaturesEqualOfflineAsync(IEnumerable<SiloProcess> silos, IReadOnlyList<Transaction> transactions)
    {
        var entryPoints = silos.ToArray();
        var mismatches = new List<string>();
        var lastOfEach = transactions.GroupBy(t => t.CustomerId).Select(g => g.Last()).ToArray();
        for (var i = 0; i < lastOfEach.Length; i++)
        {
            var request = TransactionReplay.ToRequest(lastOfEach[i]);
            var asOf = request.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            var features = await GetJsonAsync(entryPoints[i % entryPoints.Length], $"/v1/customers/{request.CustomerId}/features?asOf={asOf}");
            if (models.Offline.Mismatch(request.TransactionId, features["features"]!) is { } mismatch)
            {
                mismatches.Add($"{request.CustomerId} after {mismatch}");
            }
        }

        Assert.Empty(mismatches.Take(10));
    }

    private static async Task<JsonObject> GetJsonAsync(SiloProcess silo, string path)
    {
        using var response = await silo.Client.GetAsync(path, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} on {silo.Name}: {(int)response.StatusCode} {text}");
        return (JsonObject)JsonNode.Parse(text)!;
    }

    private static string Describe(IReadOnlyCollection<ScoreAttempt> attempts) =>
        attempts.Count == 0
            ? "none"
            : $"{attempts.Count} (" + string.Join(", ", attempts.GroupBy(a => (a.Outcome, a.Silo)).OrderBy(g => g.Key.Silo, StringComparer.Ordinal)
                .Select(g => $"{g.Count()} {g.Key.Outcome} at {g.Key.Silo}, max {g.Max(a => a.Elapsed).TotalSeconds:0.00} s, e.g. {g.First().Detail}")) + ")";

    /// <summary>A measurement, in the test's output (docs/BENCHMARKS.md records them).</summary>
    private static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}
