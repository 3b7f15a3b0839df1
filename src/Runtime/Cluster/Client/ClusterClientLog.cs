using Microsoft.Extensions.Logging;

namespace FraudActors.Runtime.Cluster.Client;

/// <summary>Source-generated log messages of the cluster client (event ids 250–259).</summary>
internal static partial class ClusterClientLog
{
    [LoggerMessage(EventId = 250, Level = LogLevel.Information, Message = "Cluster client of {ClusterId}: reading membership every {RefreshPeriod}, hosting no grains")]
    public static partial void ClientReading(this ILogger logger, string clusterId, TimeSpan refreshPeriod);
}
