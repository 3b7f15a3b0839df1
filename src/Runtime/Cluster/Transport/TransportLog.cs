using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Cluster.Transport;

/// <summary>Source-generated log messages of the silo-to-silo transport and call routing (event ids 220–239).</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 220, Level = LogLevel.Information, Message = "Silo endpoint listening on {Endpoint} (HTTP/2)")]
    public static partial void Listening(this ILogger logger, string endpoint);

    [LoggerMessage(EventId = 221, Level = LogLevel.Information, Message = "Silo endpoint stopped")]
    public static partial void EndpointStopped(this ILogger logger);

    [LoggerMessage(EventId = 222, Level = LogLevel.Debug, Message = "{Method} on {GrainId} was not delivered to silo {Silo}: {Reason}; retrying on the owner by the newest view")]
    public static partial void NotDelivered(this ILogger logger, GrainId grainId, string method, SiloAddress silo, string reason);

    [LoggerMessage(EventId = 223, Level = LogLevel.Debug, Message = "Forwarding {Call} to {Owner} (forward {ForwardCount})")]
    public static partial void Forwarding(this ILogger logger, CallEnvelope call, SiloAddress owner, int forwardCount);

    [LoggerMessage(EventId = 224, Level = LogLevel.Information, Message = "Refused {Call} without running it: {Reason}")]
    public static partial void Refused(this ILogger logger, CallEnvelope call, string reason);

    [LoggerMessage(EventId = 226, Level = LogLevel.Information, Message = "View {Version}: handing {Count} grains over to their new owners")]
    public static partial void HandingOver(this ILogger logger, int count, long version);

    [LoggerMessage(EventId = 225, Level = LogLevel.Warning, Message = "A malformed call from {Remote} was refused")]
    public static partial void Malformed(this ILogger logger, Exception exception, string? remote);
}
