using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Hosting;

/// <summary>
/// The silo (the built FraudActors.Silo.dll, embedded or cluster mode by its settings) as a separate process, so a
/// test can do to it what the operating system does to a real one: SIGKILL (nothing gets to flush or clean up, as when
/// a machine loses power), SIGSTOP/SIGCONT (a pause: a long GC, a frozen VM, a stalled disk), SIGTERM (a graceful
/// stop). The end of its console output is kept for failure messages. Linux only (signals).
/// </summary>
internal sealed partial class SiloProcess : IDisposable
{
    private const int SigTerm = 15;
    private const int SigCont = 18;
    private const int SigStop = 19;
    private const int TailLines = 60;

    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private SiloProcess(string name, Process process, Uri address)
    {
        Name = name;
        _process = process;
        Address = address;
        Client = CreateClient(TimeSpan.FromSeconds(30));
    }

    /// <summary>The name tests and failure messages know it by.</summary>
    public string Name { get; }

    /// <summary>Its HTTP API.</summary>
    public Uri Address { get; }

    /// <summary>A client of its HTTP API with the test admin key and a 30 s timeout.</summary>
    public HttpClient Client { get; }

    /// <summary>The operating system's process id.</summary>
    public int Id => _process.Id;

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the silo and returns once <c>/readyz</c> answers 200 (it has a model and, in a cluster, is active).
    /// </summary>
    /// <param name="name">For messages.</param>
    /// <param name="settings">Configuration entries, passed as <c>--key=value</c> (the test API keys are added).</param>
    /// <param name="workingDirectory">Its working directory (relative data paths land here). Null: the test's.</param>
    /// <param name="httpPort">Its HTTP port. Null: a free one.</param>
    /// <param name="readyTimeout">How long it may take to become ready. Default 60 s.</param>
    /// <exception cref="InvalidOperationException">It exited before becoming ready (the message holds its output's end).</exception>
    /// <exception cref="TimeoutException">It did not become ready in time.</exception>
    public static async Task<SiloProcess> StartAsync(
        string name,
        IReadOnlyDictionary<string, string> settings,
        string? workingDirectory = null,
        int? httpPort = null,
        TimeSpan? readyTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var address = new Uri($"http://127.0.0.1:{httpPort ?? FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        start.ArgumentList.Add(SiloAssembly());
        start.ArgumentList.Add($"--urls={address}");
        var arguments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Logging:LogLevel:Default"] = "Warning" };
        foreach (var (key, value) in TestApiKeys.Settings.Concat(settings))
        {
            arguments[key] = value;
        }

        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        var process = Process.Start(start)!;
        var silo = new SiloProcess(name, process, address);
        process.OutputDataReceived += (_, line) => silo.Keep(line.Data);
        process.ErrorDataReceived += (_, line) => silo.Keep(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"{silo.Describe()} exited with code {process.ExitCode} before becoming ready.{silo.OutputTail()}");
                }

                try
                {
                    using var ready = await silo.Client.GetAsync("/readyz");
                    return ready.IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, $"{silo.Describe()} to become ready", readyTimeout ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException timeout)
        {
            silo.Dispose();
            throw new TimeoutException(timeout.Message + silo.OutputTail(), timeout);
        }
        catch
        {
            silo.Dispose();
            throw;
        }

        return silo;
    }

    /// <summary>A new client of its HTTP API with the test admin key (for a request with its own deadline).</summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = timeout };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestApiKeys.Admin);
        return client;
    }

    /// <summary>SIGKILL, and waits until the process is gone: no shutdown hooks, no flush.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGSTOP: the process stops where it is; its sockets stay open, connections queue in the backlog.</summary>
    public void Pause() => Signal(SigStop);

    /// <summary>SIGCONT: a paused process goes on from where it stopped, its clocks having moved on.</summary>
    public void Resume() => Signal(SigCont);

    /// <summary>SIGTERM: the host's graceful stop (does not wait; see <see cref="WaitForExitAsync"/>).</summary>
    public void Stop() => Signal(SigTerm);

    /// <summary>Whether the process ended within <paramref name="deadline"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The last lines it wrote to stdout and stderr, for failure messages (empty when none).</summary>
    public string OutputTail()
    {
        lock (_tail)
        {
            if (_tail.Count == 0)
            {
                return string.Empty;
            }

            var text = new StringBuilder(Environment.NewLine).Append("--- end of the output of ").Append(Describe()).AppendLine(" ---");
            foreach (var line in _tail)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }

    /// <summary>SIGKILL if still running (also when paused); every process a test starts ends with it.</summary>
    public void Dispose()
    {
        Client.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // It ended between the check and the kill.
        }

        _process.Dispose();
    }

    private string Describe() => $"silo {Name} (pid {_process.Id}, {Address})";

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            if (_tail.Count == TailLines)
            {
                _tail.Dequeue();
            }

            _tail.Enqueue(line);
        }
    }

    private void Signal(int signal)
    {
        if (Send(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"Signal {signal} to {Describe()} failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Send(int pid, int signal);

    /// <summary>A loopback port free at the moment of asking.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The silo built alongside these tests, in the same configuration (Debug or Release).</summary>
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
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the silo binary is missing.", path);
    }
}
