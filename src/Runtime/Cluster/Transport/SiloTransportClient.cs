using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>
/// Sends request bodies to other silos over HTTP/2 without TLS (prior knowledge: silos speak only HTTP/2 to each
/// other) and returns the response bodies. One <see cref="SocketsHttpHandler"/> for all peers: it keeps a
/// connection pool per silo endpoint and multiplexes concurrent calls as streams on it.
/// </summary>
/// <remarks>
/// Each call is its own HTTP/2 request, not a frame on a long-lived duplex stream. Streams are what HTTP/2 is for:
/// they cost a HEADERS frame (a few bytes once HPACK has seen the path and headers) and give each call, for free, its
/// own flow control, cancellation (RST_STREAM when the caller gives up), back-pressure and failure isolation; a
/// duplex stream would need all of that rebuilt by hand (correlation ids, a writer lock or channel, framing, and
/// a policy for a stream that breaks with many calls on it). The per-request cost measured on loopback is in
/// docs/CLUSTER.md; if it ever dominates, a duplex stream can replace this class without touching its callers.
/// </remarks>
internal sealed class SiloTransportClient : IDisposable
{
    private readonly SocketsHttpHandler _handler;
    private readonly HttpMessageInvoker _invoker;
    private readonly ConcurrentDictionary<SiloAddress, Uri> _callUris = new();

    public SiloTransportClient(IOptions<ClusterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _handler = new SocketsHttpHandler
        {
            // Kestrel allows 100 concurrent streams per connection by default; past that, open another connection
            // instead of queueing calls behind the limit.
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.Value.ConnectTimeout,

            // A peer that stops answering (paused, partitioned) is noticed on an idle-looking connection too, instead
            // of only when every call on it has timed out.
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };

        // An invoker, not an HttpClient: no 100 s default timeout racing the call's own deadline, no buffering policy.
        _invoker = new HttpMessageInvoker(_handler, disposeHandler: false);
    }

    /// <summary>Sends one call's body to <paramref name="silo"/> and returns the response body.</summary>
    /// <exception cref="CallNotDeliveredException">The call certainly did not run: no connection, or the silo said so.</exception>
    /// <exception cref="SiloUnavailableException">The exchange failed after the request may have been delivered.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired (the request is reset).</exception>
    public async Task<byte[]> SendAsync(SiloAddress silo, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var uri = _callUris.GetOrAdd(silo, static s => new Uri(s.Endpoint, SiloTransportProtocol.CallPath));
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(SiloTransportProtocol.ContentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };

        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // No connection was made, so no byte of this request left the process.
            throw new CallNotDeliveredException($"Silo {silo} could not be reached: {exception.Message}", exception);
        }
        catch (HttpRequestException exception)
        {
            throw new SiloUnavailableException($"The call to silo {silo} failed after it may have been delivered: {exception.Message}", exception);
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable
                && response.Headers.TryGetValues(SiloTransportProtocol.NotRunHeader, out var reasons))
            {
                throw new CallNotDeliveredException($"Silo {silo} did not run the call: {string.Join("; ", reasons)}");
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new SiloUnavailableException($"Silo {silo} answered the call with HTTP {(int)response.StatusCode}.");
            }

            try
            {
                return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException exception)
            {
                throw new SiloUnavailableException($"The response from silo {silo} broke off: {exception.Message}", exception);
            }
            catch (IOException exception)
            {
                throw new SiloUnavailableException($"The response from silo {silo} broke off: {exception.Message}", exception);
            }
        }
    }

    public void Dispose()
    {
        _invoker.Dispose();
        _handler.Dispose();
    }
}
