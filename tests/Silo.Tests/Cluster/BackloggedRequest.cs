using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using FraudActors.Testing;

namespace FraudActors.Silo.Tests.Cluster;

/// <summary>
/// An HTTP/1.1 request written straight into a socket, so a test knows it has been sent even to a paused process:
/// the kernel completes the connection from the listen backlog and buffers the bytes, and the process reads them when
/// it runs again. (An HttpClient call gives no such point to wait for.)
/// </summary>
internal sealed class BackloggedRequest : IDisposable
{
    private readonly TcpClient _connection;

    private BackloggedRequest(TcpClient connection) => _connection = connection;

    /// <summary>Connects and writes a JSON POST with the test admin key; returns once the bytes are with the kernel.</summary>
    public static async Task<BackloggedRequest> SendAsync(Uri server, string path, object body, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(body);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"POST {path} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {TestApiKeys.Admin}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {json.Length}\r\nConnection: close\r\n\r\n"));
        var connection = new TcpClient();
        try
        {
            await connection.ConnectAsync(server.Host, server.Port, cancellationToken);
            var stream = connection.GetStream();
            await stream.WriteAsync(head, cancellationToken);
            await stream.WriteAsync(json, cancellationToken);
            return new BackloggedRequest(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The status code and body of the answer, or null status when the connection ended (closed or reset) without
    /// one; throws <see cref="OperationCanceledException"/> if nothing came within <paramref name="deadline"/>.
    /// </summary>
    public async Task<(int? Status, string Text)> ReadResponseAsync(TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await _connection.GetStream().ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException reset)
        {
            return (null, reset.Message);
        }

        var text = Encoding.UTF8.GetString(received.ToArray());
        var parts = text.Split(' ', 3);
        return parts.Length >= 2 && text.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var status)
            ? (status, text)
            : (null, text);
    }

    /// <summary>
    /// The JSON body of a response <see cref="ReadResponseAsync"/> returned: from its first brace to its last, which
    /// also skips the framing of a one-chunk chunked body.
    /// </summary>
    public static JsonObject BodyOf(string response)
    {
        var body = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
        return (JsonObject)JsonNode.Parse(body[body.IndexOf('{', StringComparison.Ordinal)..(body.LastIndexOf('}') + 1)])!;
    }

    public void Dispose() => _connection.Dispose();
}
