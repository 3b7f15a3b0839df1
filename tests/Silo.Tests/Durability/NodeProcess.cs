using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Durability;

/// <summary>
/// The node as a separate process (the built FraudActors.Silo.dll), so a test can kill it with SIGKILL: nothing in
/// the process gets to flush or clean up, exactly as when a machine loses power to the process.
/// </summary>
internal sealed class NodeProcess : IDisposable
{
    private readonly Process _process;

    private NodeProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestApiKeys.Admin);
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<NodeProcess> StartAsync(string artifactsDirectory, string databasePath, int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(SiloAssembly());
        start.ArgumentList.Add($"--urls={address}");
        start.ArgumentList.Add($"--Node:ArtifactsDirectory={artifactsDirectory}");
        start.ArgumentList.Add($"--Node:DatabasePath={databasePath}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var (key, value) in TestApiKeys.Settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var node = new NodeProcess(process, address);
        await Eventually.HoldsAsync(async () =>
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The node exited with code {process.ExitCode} before becoming ready.");
            }

            try
            {
                using var ready = await node.Client.GetAsync("/readyz");
                return ready.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the node process to become ready", TimeSpan.FromSeconds(60));
        return node;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The node built alongside these tests, in the same configuration (Debug or Release).</summary>
    private static string SiloAssembly()
    {
        var here = AppContext.BaseDirectory;
        var configuration = here.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var directory = new DirectoryInfo(here);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FraudActors.sln")))
        {
            directory = directory.Parent;
        }

        var path = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("FraudActors.sln not found above " + here),
            "src", "Silo", "bin", configuration, "net10.0", "FraudActors.Silo.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the node binary is missing.", path);
    }
}
