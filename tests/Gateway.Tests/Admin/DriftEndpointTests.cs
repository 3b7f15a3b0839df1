using System.Net;
using FraudActors.Grains.Interfaces.Drift;
using FraudActors.Runtime.Reminders;
using FraudActors.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace FraudActors.Gateway.Tests.Admin;

public sealed class DriftEndpointTests(ServingNode node) : IClassFixture<ServingNode>
{
    private static readonly CancellationToken Cancel = TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_empty_log_is_insufficient_data_with_the_window_sizes_and_the_champion_named()
    {
        using var response = await node.Client.GetAsync("/admin/drift?days=3", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await Json.ReadObjectAsync(response);
        Assert.Equal(3, report["days"]!.GetValue<int>());
        Assert.Equal("insufficient data", report["verdict"]!.GetValue<string>());
        Assert.Equal(0, report["recent"]!["rows"]!.GetValue<int>());
        Assert.Equal(0, report["reference"]!["rows"]!.GetValue<int>());
        Assert.Equal(node.Model.Manifest.Version, report["scoredBy"]!.GetValue<string>());
        Assert.Empty(report["features"]!.AsArray());
    }

    [Fact]
    public async Task The_node_registers_the_drift_watch_reminder_at_start()
    {
        var table = node.Factory.Services.GetRequiredService<IReminderTable>();

        await Eventually.HoldsAsync(
            async () => (await table.ReadAllAsync(Cancel)).Any(r => r.GrainId.Key == IDriftWatchGrain.Key && r.Period == TimeSpan.FromHours(1)),
            "the drift watch's hourly reminder is in the table");
    }

    [Fact]
    public async Task Only_an_admin_may_read_it()
    {
        using var analyst = node.Factory.CreateClient(TestApiKeys.Analyst);

        using var response = await analyst.GetAsync("/admin/drift", Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData("days=0")]
    [InlineData("days=31")]
    [InlineData("days=-1")]
    [InlineData("days=week")]
    [InlineData("days=")]
    [InlineData("days=1&days=2")]
    public async Task Days_out_of_range_or_not_a_number_is_a_400_naming_days(string query)
    {
        using var response = await node.Client.GetAsync($"/admin/drift?{query}", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await Json.ReadObjectAsync(response))["errors"]!.AsObject().ContainsKey("days"));
    }
}
