namespace FraudActors.Ml.Data;

/// <summary>
/// A transaction CSV file does not follow the format of <see cref="TransactionCsv"/>; the message names the file,
/// the 1-based line and the problem, e.g. <c>transactions.csv line 17: tx_amount "12.3x" is not a number with at most two decimals</c>.
/// </summary>
public sealed class TransactionCsvException : FormatException
{
    /// <summary>Creates the exception for <paramref name="problem"/> on <paramref name="lineNumber"/> of <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file, as the caller named it.</param>
    /// <param name="lineNumber">The 1-based line; the header is line 1.</param>
    /// <param name="problem">What is wrong, naming the field.</param>
    public TransactionCsvException(string filePath, long lineNumber, string problem)
        : base($"{filePath} line {lineNumber}: {problem}")
    {
        FilePath = filePath;
        LineNumber = lineNumber;
        Problem = problem;
    }

    /// <summary>The file, as the caller named it.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line number; the header is line 1.</summary>
    public long LineNumber { get; }

    /// <summary>What is wrong with the line, without the file and line prefix.</summary>
    public string Problem { get; }
}
