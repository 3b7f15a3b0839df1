using FraudActors.Gateway;
using FraudActors.Silo.Hosting;

// An embedded node: the silo runtime, the grains, and the gateway in one process.
// Settings ship beside the binary; data paths (Node:*) stay relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Services.AddEmbeddedNode(builder.Configuration);
builder.Services.AddFraudActorsGateway(builder.Configuration);

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.MapFraudActorsGateway();
await app.RunAsync();

/// <summary>The node's entry point (named so functional tests can host it).</summary>
public partial class Program;
