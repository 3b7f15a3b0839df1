using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace FraudActors.Gateway.Transactions;

/// <summary>
/// Reads a JSON request body into a pooled buffer, refusing non-JSON content types and bodies over a limit
/// before parsing anything (a declared Content-Length over the limit is refused without reading).
/// </summary>
internal sealed class RequestBody : IDisposable
{
    private byte[]? _buffer;

    private RequestBody(byte[] buffer, int length, RequestBodyStatus status)
    {
        _buffer = buffer;
        Length = length;
        Status = status;
    }

    public RequestBodyStatus Status { get; }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async ValueTask<RequestBody> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (!IsJson(request.ContentType))
        {
            return new RequestBody([], 0, RequestBodyStatus.NotJson);
        }

        if (request.ContentLength > limit)
        {
            return new RequestBody([], 0, RequestBodyStatus.TooLarge);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, limit) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        return new RequestBody([], 0, RequestBodyStatus.TooLarge);
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return new RequestBody([], 0, RequestBodyStatus.TooLarge);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }

        return new RequestBody(buffer, length, length == 0 ? RequestBodyStatus.Empty : RequestBodyStatus.Ok);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase) && contentType.Contains("+json", StringComparison.OrdinalIgnoreCase)));

    public void Dispose()
    {
        if (_buffer is { Length: > 0 } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _buffer = null;
    }
}

/// <summary>Outcome of reading a request body.</summary>
internal enum RequestBodyStatus
{
    Ok,
    Empty,
    NotJson,
    TooLarge,
}
