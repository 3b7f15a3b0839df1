using FraudActors.Runtime.Cluster;
using FraudActors.Runtime.Persistence.Postgres;
using FraudActors.Testing;

namespace FraudActors.Runtime.Tests.Persistence.Postgres;

/// <summary>The storage contract holds unchanged when every write is fenced by a live silo's row.</summary>
public sealed class FencedPostgresGrainStorageTests : PostgresGrainStorageTests
{
    /// <summary>Each opened store is another silo process: a pool of its own and a live row of its own.</summary>
    protected override async Task<SiloFence?> FenceAsync(PostgresDatabase database) =>
        (await FencedSiloRow.RegisterAsync(database, TestContext.Current.CancellationToken)).Fence;
}
