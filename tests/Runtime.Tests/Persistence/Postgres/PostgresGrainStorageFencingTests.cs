using System.Text;
using FraudActors.Runtime.Cluster.Membership;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Persistence.Postgres;

/// <summary>
/// Grain state written by a silo its peers declared dead: refused, and nothing written, whatever version it holds.
/// </summary>
public sealed class PostgresGrainStorageFencingTests : IAsyncLifetime
{
    private static readonly GrainId Id = new("account", "fenced-1");

    private PostgresTestDatabase? _database;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private PostgresDatabase Database => _database!.Database;

    public async ValueTask InitializeAsync() => _database = await PostgresTestDatabase.CreateAsync(Ct);

    public async ValueTask DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(MembershipStatus.Joining)]
    [InlineData(MembershipStatus.Active)]
    [InlineData(MembershipStatus.ShuttingDown)]
    public async Task A_live_silo_writes_and_clears_as_unfenced_storage_does(MembershipStatus status)
    {
        var silo = await FencedSiloRow.RegisterAsync(Database, Ct, status);
        var storage = await PostgresGrainStorage.CreateAsync(Database, TimeProvider.System, Ct, silo.Fence);

        var first = await storage.WriteAsync(Id, "s", "v1"u8.ToArray(), null, Ct);
        var second = await storage.WriteAsync(Id, "s", "v2"u8.ToArray(), first, Ct);
        Assert.Equal("v2", await PayloadAsync(storage));
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteAsync(Id, "s", "stale"u8.ToArray(), first, Ct));
        await storage.ClearAsync(Id, "s", second, Ct);

        Assert.Null(await storage.ReadAsync(Id, "s", Ct));
        Assert.Empty(silo.Refusals);
    }

    [Fact]
    public async Task A_stale_activation_holding_the_current_version_cannot_write_once_its_silo_is_declared_dead()
    {
        // The case the version check alone lets through: the stale activation writes before the new owner does.
        var stale = await FencedSiloRow.RegisterAsync(Database, Ct);
        var staleStorage = await PostgresGrainStorage.CreateAsync(Database, TimeProvider.System, Ct, stale.Fence);
        var etag = await staleStorage.WriteAsync(Id, "s", "before"u8.ToArray(), null, Ct);
        Assert.True(await stale.DeclareDeadAsync(Ct));

        var refused = await Assert.ThrowsAsync<SiloFencedException>(() => staleStorage.WriteAsync(Id, "s", "stale"u8.ToArray(), etag, Ct));

        Assert.Contains(stale.Address.ToString(), refused.Message, StringComparison.Ordinal);
        Assert.Single(stale.Refusals);
        var record = await staleStorage.ReadAsync(Id, "s", Ct);
        Assert.Equal("before", Encoding.UTF8.GetString(record!.Payload.Span));
        Assert.Equal(etag, record.Etag);

        // The new owner goes on from the state as it was.
        var owner = await FencedSiloRow.RegisterAsync(Database, Ct);
        var ownerStorage = await PostgresGrainStorage.CreateAsync(Database, TimeProvider.System, Ct, owner.Fence);
        await ownerStorage.WriteAsync(Id, "s", "after"u8.ToArray(), etag, Ct);
        Assert.Equal("after", await PayloadAsync(ownerStorage));
    }

    [Fact]
    public async Task A_dead_silo_can_neither_create_nor_clear_state()
    {
        var dead = await FencedSiloRow.RegisterAsync(Database, Ct);
        var storage = await PostgresGrainStorage.CreateAsync(Database, TimeProvider.System, Ct, dead.Fence);
        var etag = await storage.WriteAsync(Id, "s", "kept"u8.ToArray(), null, Ct);
        await dead.SetStatusAsync(MembershipStatus.Dead, Ct);

        await Assert.ThrowsAsync<SiloFencedException>(() => storage.WriteAsync(new GrainId("account", "new"), "s", "x"u8.ToArray(), null, Ct));
        await Assert.ThrowsAsync<SiloFencedException>(() => storage.ClearAsync(Id, "s", etag, Ct));

        Assert.Null(await storage.ReadAsync(new GrainId("account", "new"), "s", Ct));
        Assert.Equal("kept", await PayloadAsync(storage));
        Assert.Equal(2, dead.Refusals.Count);
    }

    [Fact]
    public async Task A_silo_without_a_row_is_refused()
    {
        // A row cleaned up long after its death, or a silo that never registered: no fence to take.
        var silo = await FencedSiloRow.RegisterAsync(Database, Ct);
        var stranger = new FraudActors.Runtime.Cluster.SiloFence(FencedSiloRow.ClusterId, silo.Address with { Generation = 1 }, _ => { });
        var storage = await PostgresGrainStorage.CreateAsync(Database, TimeProvider.System, Ct, stranger);

        await Assert.ThrowsAsync<SiloFencedException>(() => storage.WriteAsync(Id, "s", "x"u8.ToArray(), null, Ct));

        Assert.Null(await storage.ReadAsync(Id, "s", Ct));
    }

    [Fact]
    public async Task A_declaration_waits_for_a_fenced_write_in_flight_to_commit()
    {
        var silo = await FencedSiloRow.RegisterAsync(Database, Ct);
        var (write, held) = await silo.HoldFenceAsync(Ct);
        await using (write)
        {
            Assert.True(held);
            var declaration = silo.DeclareDeadAsync(Ct);
            await silo.WaitForLockWaitersAsync(1);
            Assert.False(declaration.IsCompleted);
            Assert.Equal(MembershipStatus.Active, await silo.StatusAsync(Ct));

            await write.CommitAsync();

            Assert.True(await declaration);
        }

        Assert.Equal(MembershipStatus.Dead, await silo.StatusAsync(Ct));
    }

    [Fact]
    public async Task A_fenced_write_behind_a_declaration_in_flight_is_refused_when_the_declaration_commits()
    {
        var silo = await FencedSiloRow.RegisterAsync(Database, Ct);
        var storage = await PostgresGrainStorage.CreateAsync(Database, TimeProvider.System, Ct, silo.Fence);
        var etag = await storage.WriteAsync(Id, "s", "before"u8.ToArray(), null, Ct);
        await using var declaration = await silo.BeginDeclarationAsync(Ct);

        // Read committed: the write's snapshot still shows the silo alive; only the lock makes it see the declaration.
        var write = storage.WriteAsync(Id, "s", "stale"u8.ToArray(), etag, Ct);
        await silo.WaitForLockWaitersAsync(1);
        Assert.False(write.IsCompleted);
        await declaration.CommitAsync();

        await Assert.ThrowsAsync<SiloFencedException>(() => write);
        Assert.Equal("before", await PayloadAsync(storage));
    }

    [Fact]
    public async Task A_fenced_write_behind_a_declaration_that_rolls_back_goes_through()
    {
        var silo = await FencedSiloRow.RegisterAsync(Database, Ct);
        var storage = await PostgresGrainStorage.CreateAsync(Database, TimeProvider.System, Ct, silo.Fence);
        var etag = await storage.WriteAsync(Id, "s", "before"u8.ToArray(), null, Ct);
        await using var declaration = await silo.BeginDeclarationAsync(Ct);

        var write = storage.WriteAsync(Id, "s", "after"u8.ToArray(), etag, Ct);
        await silo.WaitForLockWaitersAsync(1);
        await declaration.RollbackAsync();

        await write;
        Assert.Equal("after", await PayloadAsync(storage));
        Assert.Empty(silo.Refusals);
    }

    private static async Task<string> PayloadAsync(IGrainStorage storage) =>
        Encoding.UTF8.GetString((await storage.ReadAsync(Id, "s", Ct))!.Payload.Span);
}
