using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using FraudActors.Grains.Training;
using FraudActors.Ml.Data;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Admin;

/// <summary>
/// The whole model lifecycle through HTTP on the embedded node (real SQLite file, real trained champion): a simulated
/// stream is scored, labels come back through the feedback endpoint, the k-th label starts retraining, the retrained
/// challenger is promoted and served, and an admin rolls it back.
/// </summary>
public sealed class LifecycleEndToEndTests : IDisposable
{
    private const int RetrainEvery = 50;

    // The stream is the simulation's last StreamedDays days; with the newest decision on day D, retraining holds out
    // D-3..D-1 (labels mature after a day) and trains on the 6 days before: small windows, so the job takes seconds.
    private const int StreamedDays = 11;
    private const int MaturityDays = 1;
    private const int HoldoutDays = 3;
    private const int TrainingDays = 6;

    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    private readonly TrainedModel _model = new();
    private readonly NodeFactory _factory;
    private readonly HttpClient _admin;
    private readonly HttpClient _analyst;

    public LifecycleEndToEndTests()
    {
        _factory = new NodeFactory(_model.ArtifactsPath, new Dictionary<string, string?>
        {
            ["Retraining:RetrainEveryLabels"] = RetrainEvery.ToString(CultureInfo.InvariantCulture),

            // A negative margin lets any trained challenger through the gate: this test is about the lifecycle's
            // plumbing (count, train, register, promote, serve, roll back), not about whether a model trained on a
            // few days of a small simulation beats the champion, which the gate's own tests judge.
            ["Retraining:PromotionMargin"] = "-1",
            ["Retraining:LabelMaturityDays"] = MaturityDays.ToString(CultureInfo.InvariantCulture),
            ["Retraining:HoldoutDays"] = HoldoutDays.ToString(CultureInfo.InvariantCulture),
            ["Retraining:TrainingDays"] = TrainingDays.ToString(CultureInfo.InvariantCulture),
            ["Retraining:MinTrainingFrauds"] = "5",
            ["Retraining:MinHoldoutFrauds"] = "2",
            ["Retraining:TreeMethod"] = "hist",
            ["Retraining:Rounds"] = "10",
            ["Retraining:MaxDepth"] = "3",
        });
        _admin = _factory.CreateClient(TestApiKeys.Admin);
        _analyst = _factory.CreateClient(TestApiKeys.Analyst);
    }

    [Fact]
    public async Task The_kth_label_retrains_a_challenger_that_is_promoted_served_and_can_be_rolled_back()
    {
        var original = _model.Manifest.Version;
        var stream = Stream();
        await ScoreAsync(stream);

        await IndexedAsync(stream[^1]);

        var labels = LabelsToPost(stream);
        foreach (var (transaction, _) in labels.SkipLast(1))
        {
            await LabelAsync(transaction);
        }

        // Nothing retrains before the k-th label.
        Assert.Empty((await GetAsync("/admin/retrain"))["reports"]!.AsArray());
        await LabelAsync(labels[^1].Transaction);

        JsonObject report = null!;
        await Eventually.HoldsAsync(async () =>
        {
            var reports = (await GetAsync("/admin/retrain"))["reports"]!.AsArray();
            report = reports.Count > 0 ? reports[0]!.AsObject() : null!;
            return report is not null;
        }, "the retraining asked for by the k-th label to report", TimeSpan.FromSeconds(90));
        Assert.True(report["outcome"]!.GetValue<string>() == "promoted", $"retraining did not promote: {report.ToJsonString()}");
        Assert.Equal("feedback", report["request"]!["actor"]!.GetValue<string>());
        Assert.Equal(original, report["championVersion"]!.GetValue<string>());
        var retrained = report["challengerVersion"]!.GetValue<string>();
        Assert.NotEqual(original, retrained);

        await Eventually.HoldsAsync(async () => Served(await GetAsync("/admin/models")) == retrained, "the silo to serve the retrained version");
        var registry = await GetAsync("/admin/models");
        Assert.Equal(retrained, registry["assignment"]!["champion"]!["version"]!.GetValue<string>());
        var version = registry["versions"]!.AsArray().Single(v => v!["description"]!["version"]!.GetValue<string>() == retrained)!;
        Assert.Equal("champion", version["status"]!.GetValue<string>());
        Assert.StartsWith("retraining", version["description"]!["createdBy"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(retrained, await ScoredVersionAsync());

        using var rollback = await _admin.PostAsync("/admin/models/rollback", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, rollback.StatusCode);
        await Eventually.HoldsAsync(async () => await ScoredVersionAsync() == original, "scores from the original champion again");

        var history = (await GetAsync("/admin/models"))["history"]!.AsArray().Select(e => e!.AsObject()).ToArray();
        Assert.Contains(history, e => Is(e, "registered", "retraining", retrained));
        Assert.Contains(history, e => Is(e, "promoted", "retraining", retrained));
        Assert.True(Is(history[0], "rolled-back", "test-admin", original), $"the newest event is {history[0].ToJsonString()}");

        // The retired retrained version as challenger: both score the same logged decisions, the labelled frauds
        // among them exactly those the analyst posted (the window covers the whole stream).
        using var challenger = await _admin.PutAsync("/admin/models/challenger", Json.Body($$"""{"version":"{{retrained}}"}"""), Cancel);
        Assert.Equal(HttpStatusCode.OK, challenger.StatusCode);
        var comparison = await GetAsync($"/admin/models/comparison?days={StreamedDays + 5}");
        Assert.Equal(labels.Count(l => l.IsFraud), comparison["frauds"]!.GetValue<int>());
        Assert.InRange(comparison["rows"]!.GetValue<int>(), stream.Length, stream.Length + 100);
        Assert.Equal(original, comparison["champion"]!["version"]!.GetValue<string>());
        Assert.Equal(retrained, comparison["challenger"]!["version"]!.GetValue<string>());
        foreach (var side in new[] { "champion", "challenger" })
        {
            Assert.Equal(comparison["rows"]!.GetValue<int>(), comparison[side]!["rows"]!.GetValue<int>());
            Assert.InRange(comparison[side]!["aucRoc"]!.GetValue<double>(), 0.5, 1.0);
            Assert.InRange(comparison[side]!["averagePrecision"]!.GetValue<double>(), 0.0, 1.0);
            Assert.InRange(comparison[side]!["cardPrecisionAt100"]!.GetValue<double>(), 0.0, 1.0);
        }

        // Two different models decide most transactions (the genuine ones) alike, but not by construction all.
        Assert.InRange(comparison["agreement"]!.GetValue<double>(), 0.5, 1.0);
    }

    public void Dispose()
    {
        _admin.Dispose();
        _analyst.Dispose();
        _factory.Dispose();
        _model.Dispose();
    }

    private static bool Is(JsonObject e, string action, string actor, string version) =>
        e["action"]!.GetValue<string>() == action && e["actor"]!.GetValue<string>() == actor && e["version"]?.GetValue<string>() == version;

    private static string? Served(JsonObject registry) => registry["silos"]!.AsArray().Single()!["champion"]?.GetValue<string>();

    /// <summary>The simulation's last days, in time order.</summary>
    private Transaction[] Stream()
    {
        var transactions = _model.Simulation.Transactions;
        var from = transactions[^1].DayUtc.AddDays(1 - StreamedDays);
        return [.. transactions.Where(t => t.DayUtc >= from)];
    }

    /// <summary>
    /// k labels whose first k-1 leave retraining alone and whose k-th starts it with enough frauds in both windows:
    /// the frauds of the matured days, taken alternately from the holdout and the training window, then genuine
    /// transactions of the training window to make up k.
    /// </summary>
    private static (Transaction Transaction, bool IsFraud)[] LabelsToPost(Transaction[] stream)
    {
        var lastMatured = stream[^1].DayUtc.AddDays(-MaturityDays);
        var holdoutFrom = lastMatured.AddDays(1 - HoldoutDays);
        var trainingFrom = holdoutFrom.AddDays(-TrainingDays);
        var holdout = stream.Where(t => t.IsFraud && t.DayUtc >= holdoutFrom && t.DayUtc <= lastMatured).ToArray();
        var training = stream.Where(t => t.IsFraud && t.DayUtc >= trainingFrom && t.DayUtc < holdoutFrom).ToArray();
        var frauds = Interleave(holdout, training).Take(RetrainEvery).ToArray();
        var genuine = stream.Where(t => !t.IsFraud && t.DayUtc >= trainingFrom && t.DayUtc <= lastMatured).Take(RetrainEvery - frauds.Length);
        var labels = frauds.Select(t => (t, true)).Concat(genuine.Select(t => (t, false))).ToArray();

        Assert.True(frauds.Count(t => t.DayUtc >= holdoutFrom) >= 2 && frauds.Count(t => t.DayUtc < holdoutFrom) >= 5,
            $"the simulation has too few frauds for the test's windows: {holdout.Length} in the holdout, {training.Length} in training");
        Assert.Equal(RetrainEvery, labels.Length);
        return labels;
    }

    private static IEnumerable<Transaction> Interleave(Transaction[] first, Transaction[] second)
    {
        for (var i = 0; i < Math.Max(first.Length, second.Length); i++)
        {
            if (i < first.Length)
            {
                yield return first[i];
            }

            if (i < second.Length)
            {
                yield return second[i];
            }
        }
    }

    private static JsonObject Request(Transaction t) => Json.Transaction(
        id: Id(t),
        customer: $"c-{t.CustomerId}",
        terminal: $"t-{t.TerminalId}",
        amount: t.Amount,
        timestamp: DateTimeOffset.FromUnixTimeSeconds(t.UnixSeconds).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));

    private static string Id(Transaction t) => $"sim-{t.Id}";

    private async Task ScoreAsync(Transaction[] stream)
    {
        using var scorer = _factory.CreateClient(TestApiKeys.Scorer);
        foreach (var chunk in stream.Chunk(1000))
        {
            var batch = new JsonObject { ["transactions"] = new JsonArray([.. chunk.Select(t => (JsonNode)Request(t))]) };
            using var response = await scorer.PostAsync("/v1/transactions/score-batch", Json.Body(batch), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var results = (await Json.ReadObjectAsync(response))["results"]!.AsArray();
            Assert.All(results, r => Assert.Equal(200, r!["status"]!.GetValue<int>()));
        }
    }

    /// <summary>
    /// Waits until the decision log has indexed the whole stream. Retraining reads indexed decisions only and its
    /// windows count back from the newest of them, so labels posted while the indexer lags would be judged on
    /// other days than the test chose.
    /// </summary>
    private async Task IndexedAsync(Transaction last)
    {
        var data = _factory.Services.GetRequiredService<ITrainingDataSource>();
        await Eventually.HoldsAsync(async () =>
        {
            var rows = await data.ReadRecentAsync(1, Cancel);
            return rows.Count > 0 && rows.UnixSeconds(rows.Count - 1) == last.UnixSeconds;
        }, "the decision log to index the stream");
    }

    private async Task LabelAsync(Transaction t)
    {
        var label = t.IsFraud ? "fraud" : "legit";
        using var response = await _analyst.PostAsync($"/v1/transactions/{Id(t)}/feedback", Json.Body($$"""{"label":"{{label}}"}"""), Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<JsonObject> GetAsync(string path)
    {
        using var response = await _admin.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await Json.ReadObjectAsync(response);
    }

    /// <summary>Scores a fresh customer just after the stream and answers the version that decided.</summary>
    private async Task<string> ScoredVersionAsync()
    {
        var last = _model.Simulation.Transactions[^1];
        var probe = Json.Transaction(timestamp: DateTimeOffset.FromUnixTimeSeconds(last.UnixSeconds + 60).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        using var response = await _admin.PostAsync("/v1/transactions/score", Json.Body(probe), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json.ReadObjectAsync(response))["modelVersion"]!.GetValue<string>();
    }
}
