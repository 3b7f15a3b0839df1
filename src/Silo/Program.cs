using FraudActors.Gateway;
using FraudActors.Silo.Hosting;

// A node: the silo runtime, the grains, and the gateway in one process. Embedded (SQLite, local files) by default; a
// silo of a cluster (all state in PostgreSQL, grain calls routed to their owning silo) when
// Cluster:PostgresConnectionString is set. Settings ship beside the binary; data paths (Node:*) stay relative to the
// working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
if (ClusterNodeServiceCollectionExtensions.IsClusterNode(builder.Configuration))
{
    builder.Services.AddClusterNode(builder.Configuration);
}
else
{
    builder.Services.AddEmbeddedNode(builder.Configuration);
}

builder.Services.AddFraudActorsGateway(builder.Configuration);

var app = builder.Build();
app.UseFraudActorsGateway();
await app.RunAsync();

/// <summary>The node's entry point (named so functional tests can host it).</summary>
public partial class Program;
