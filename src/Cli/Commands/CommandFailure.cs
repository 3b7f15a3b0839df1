using FraudActors.Ml.Artifacts;
using FraudActors.Ml.Data;
using FraudActors.Ml.XGBoost;

namespace FraudActors.Cli.Commands;

/// <summary>
/// Runs a command body and turns the failures a user can cause (missing files, malformed rows, bad options)
/// into one line on stderr and a non-zero exit code, instead of a stack trace.
/// </summary>
internal static class CommandFailure
{
    public const int Failed = 1;
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(string command, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"fraudctl {command}: cancelled").ConfigureAwait(false);
            return Cancelled;
        }
        catch (Exception exception) when (IsUserFacing(exception))
        {
            await Console.Error.WriteLineAsync($"fraudctl {command}: {OneLine(exception.Message)}").ConfigureAwait(false);
            return Failed;
        }
    }

    private static bool IsUserFacing(Exception exception) => exception is
        FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or IOException
        or TransactionCsvException or InvalidDataException or ArgumentException
        or ArtifactNotFoundException or ArtifactCorruptedException
        or XGBoostException or XGBoostLibraryNotFoundException or InvalidOperationException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
