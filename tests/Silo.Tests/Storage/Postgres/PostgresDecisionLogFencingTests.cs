using FraudActors.Grains.Decisions;
using FraudActors.Runtime;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Silo.Storage.Postgres;
using FraudActors.Silo.Tests.Storage.Journal;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Storage.Postgres;

/// <summary>
/// Decisions appended by a silo its peers declared dead: refused, nothing written. Raced with the declaration, an
/// append is either committed before the declaration commits or refused; never committed after it.
/// </summary>
public sealed class PostgresDecisionLogFencingTests : IAsyncLifetime
{
    private PostgresDecisionLogTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _bed = await PostgresDecisionLogTestBed.CreateAsync();

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task A_live_silo_appends_and_once_declared_dead_appends_nothing()
    {
        var silo = await FencedSiloRow.RegisterAsync(_bed.Database.Database, Ct);
        var log = await _bed.StartAsync(fence: silo.Fence);
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-live"), Ct));
        Assert.Equal(AppendOutcome.DuplicateTransaction, await log.AppendAsync(SampleDecisions.Create("tx-live"), Ct));

        Assert.True(await silo.DeclareDeadAsync(Ct));
        var appends = Enumerable.Range(0, 20).Select(i => log.AppendAsync(SampleDecisions.Create($"tx-stale-{i}"), Ct).AsTask()).ToArray();

        foreach (var append in appends)
        {
            var refused = await Assert.ThrowsAsync<SiloFencedException>(() => append);
            Assert.Contains(silo.Address.ToString(), refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal(1, await _bed.CountAsync("decisions"));
        Assert.NotEmpty(silo.Refusals);

        // The writer goes on refusing: the silo is stepping down, not crashed.
        await Assert.ThrowsAsync<SiloFencedException>(() => log.AppendAsync(SampleDecisions.Create("tx-later"), Ct).AsTask());
    }

    [Theory]
    [InlineData(MembershipStatus.Joining)]
    [InlineData(MembershipStatus.ShuttingDown)]
    public async Task A_joining_or_leaving_silo_still_appends(MembershipStatus status)
    {
        var silo = await FencedSiloRow.RegisterAsync(_bed.Database.Database, Ct, status);
        var log = await _bed.StartAsync(fence: silo.Fence);

        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-1"), Ct));
        Assert.Equal(1, await _bed.CountAsync("decisions"));
    }

    [Fact]
    public async Task A_declaration_waits_for_an_append_in_flight_which_is_then_visible_to_whoever_reads_after_it()
    {
        var silo = await FencedSiloRow.RegisterAsync(_bed.Database.Database, Ct);
        await using (await _bed.StartAsync())
        {
            // Migrates the tables.
        }

        // The log's own fenced statement, in a transaction the test holds open: a batch between insert and commit.
        await using var append = await OpenTransaction.BeginAsync(_bed.Database.Database, Ct);
        var batch = new PostgresDecisionBatch();
        batch.Add(new PostgresPendingAppend(SampleDecisions.Create("tx-in-flight"), 1, [], [], CancellationToken.None));
        await using (var insert = append.Command(PostgresDecisionLogSchema.FencedInsertBatch))
        {
            batch.Bind(insert.Parameters);
            silo.Fence.AddParameters(insert.Parameters);
            Assert.Equal("tx-in-flight", await insert.ExecuteScalarAsync(Ct));
        }

        var declaration = silo.DeclareDeadAsync(Ct);
        await silo.WaitForLockWaitersAsync(1);
        Assert.False(declaration.IsCompleted);
        Assert.Equal(0, await _bed.CountAsync("decisions"));

        await append.CommitAsync();

        Assert.True(await declaration);
        Assert.Equal(MembershipStatus.Dead, await silo.StatusAsync(Ct));
        Assert.Equal(1, await _bed.CountAsync("decisions", "transaction_id = 'tx-in-flight'"));
    }

    [Fact]
    public async Task An_append_behind_a_declaration_in_flight_is_refused_when_the_declaration_commits()
    {
        var silo = await FencedSiloRow.RegisterAsync(_bed.Database.Database, Ct);
        var log = await _bed.StartAsync(fence: silo.Fence);
        Assert.Equal(AppendOutcome.Appended, await log.AppendAsync(SampleDecisions.Create("tx-before"), Ct));
        await using var declaration = await silo.BeginDeclarationAsync(Ct);

        var append = log.AppendAsync(SampleDecisions.Create("tx-stale"), Ct).AsTask();
        await silo.WaitForLockWaitersAsync(1);
        Assert.False(append.IsCompleted);
        await declaration.CommitAsync();

        await Assert.ThrowsAsync<SiloFencedException>(() => append);
        Assert.Equal(0, await _bed.CountAsync("decisions", "transaction_id = 'tx-stale'"));
        Assert.Single(silo.Refusals);
    }
}
