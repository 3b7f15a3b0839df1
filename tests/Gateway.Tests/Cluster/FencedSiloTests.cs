using System.Net;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Cluster;

/// <summary>A silo declared dead while it still takes requests: what it can no longer write, it does not acknowledge.</summary>
public sealed class FencedSiloTests : IAsyncLifetime
{
    private ClusterSiloFactory? _silo;
    private HttpClient? _client;
    private TrainedModel? _model;
    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync(Ct);
        _model = new TrainedModel();

        // Kept running once it steps down, so the request that meets the fence is answered by this very silo whether
        // the fence or its next refresh notices first.
        _silo = new ClusterSiloFactory(
            _database.ConnectionString,
            _model.ArtifactsPath,
            new Dictionary<string, string?> { ["Cluster:StopHostWhenDeclaredDead"] = "false" });
        _client = _silo.CreateClient(TestApiKeys.Admin);
        await Eventually.HoldsAsync(async () => (await _client.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK, "the silo is ready");
    }

    [Fact]
    public async Task A_score_whose_decision_the_fence_refuses_answers_a_retryable_503_and_is_not_logged()
    {
        var customer = Json.Unique("c");
        using (var live = await _client!.PostAsync("/v1/transactions/score", Json.Body(Json.Transaction(customer: customer)), Ct))
        {
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        var membership = _silo!.Services.GetRequiredService<IClusterMembership>();
        await using (var declare = _database!.Database.DataSource.CreateCommand(
            $"UPDATE cluster_members SET status = {(short)MembershipStatus.Dead}, declared_dead_by = 'peer' WHERE address = '{membership.LocalSilo}'"))
        {
            Assert.Equal(1, await declare.ExecuteNonQueryAsync(Ct));
        }

        var stale = Json.Transaction(customer: customer, timestamp: "2018-08-10T10:16:00+02:00");
        using var response = await _client.PostAsync("/v1/transactions/score", Json.Body(stale), Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", Assert.Single(response.Headers.GetValues("Retry-After")));
        var problem = await Json.ReadObjectAsync(response);
        Assert.EndsWith("/unavailable", problem["type"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("dead in the membership table", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        await using (var logged = _database.Database.DataSource.CreateCommand(
            $"SELECT count(*) FROM decisions WHERE transaction_id = '{stale["transactionId"]!.GetValue<string>()}'"))
        {
            Assert.Equal(0L, await logged.ExecuteScalarAsync(Ct));
        }

        await Eventually.HoldsAsync(() => membership.SteppedDown.IsCancellationRequested, "the silo steps down");
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        _model?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
