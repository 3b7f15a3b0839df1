using System.Buffers;
using System.Text;

namespace FraudActors.Ml.Data;

/// <summary>
/// The transaction file format: UTF-8, a header row, then one row per transaction with the columns of
/// <see cref="Header"/>. Times are ISO 8601 UTC to the second (<c>2018-04-01T00:00:31Z</c>), amounts have exactly
/// two decimals with a dot, the fraud flag is 0/1 and the scenario 0–4
/// (<see cref="FraudScenario"/>; 4 appears only in data simulated with concept drift).
/// </summary>
public static class TransactionCsv
{
    /// <summary>The header row, without its newline.</summary>
    public const string Header = "transaction_id,tx_datetime,customer_id,terminal_id,tx_amount,tx_fraud,tx_fraud_scenario";

    // Large reads and writes keep the system calls few; the write buffer is flushed when a row might not fit.
    private const int WriteBufferBytes = 1 << 20;

    /// <summary>
    /// Writes <paramref name="transactions"/> to <paramref name="path"/>, replacing any file there atomically: the
    /// rows go to a temporary file in the same directory, flushed to disk, then moved over the target. On failure or
    /// cancellation the target is untouched and the temporary file is deleted.
    /// </summary>
    /// <param name="path">The file to write.</param>
    /// <param name="transactions">The rows, written in the given order.</param>
    /// <param name="rowsWritten">Told the number of rows written so far, after each buffer; may be null.</param>
    /// <param name="cancellationToken">Stops the write, leaving the target as it was.</param>
    /// <exception cref="ArgumentException">A transaction has a negative id, customer, terminal or amount, an unknown
    /// scenario, a scenario without the fraud label, or a time outside the years 1–9999.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public static async Task WriteAsync(
        string path,
        ReadOnlyMemory<Transaction> transactions,
        IProgress<long>? rowsWritten = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string temporary = Path.Combine(
            Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        byte[] buffer = ArrayPool<byte>.Shared.Rent(WriteBufferBytes);
        try
        {
            await using (var stream = new FileStream(
                temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous))
            {
                var formatter = new TransactionCsvRowFormatter();
                int used = Encoding.UTF8.GetBytes(Header + "\n", buffer);
                int next = 0;
                while (next < transactions.Length)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    used = FillBuffer(formatter, transactions.Span, ref next, buffer, used);
                    await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                    used = 0;
                    rowsWritten?.Report(next);
                }

                if (used > 0)
                {
                    await stream.WriteAsync(buffer.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
                }

                cancellationToken.ThrowIfCancellationRequested();

                // On disk before the rename, so a crash cannot leave the new name on an empty file.
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, target, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads every row of <paramref name="path"/>, validating each field.</summary>
    /// <returns>The transactions in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist; the message names the path.</exception>
    /// <exception cref="TransactionCsvException">A row, or the header, is malformed; the message names file and line.</exception>
    public static async Task<Transaction[]> ReadAllAsync(string path, CancellationToken cancellationToken = default)
    {
        await using var reader = TransactionCsvReader.Open(path);

        // One cheap pass to count lines sizes the array exactly: growing and trimming a 70 MB array cost more
        // (fresh pages, copies) than counting newlines in a file the first pass has just put in the page cache.
        long lines = await CountLinesAsync(path, cancellationToken).ConfigureAwait(false);
        var rows = new Transaction[(int)Math.Clamp(lines - 1, 0, Array.MaxLength)];
        int count = 0;
        while (true)
        {
            if (count == rows.Length)
            {
                // Only if the file grew since it was counted.
                Array.Resize(ref rows, (int)Math.Min(Array.MaxLength, ((long)rows.Length * 2) + 16));
            }

            int read = await reader.ReadAsync(rows.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        if (count != rows.Length)
        {
            // Empty lines at the end were counted as lines.
            Array.Resize(ref rows, count);
        }

        return rows;
    }

    // Lines = newlines, plus one if the last line has none.
    private static async Task<long> CountLinesAsync(string path, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(WriteBufferBytes);
        try
        {
            await using var stream = new FileStream(
                path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            long lines = 0;
            byte last = (byte)'\n';
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, WriteBufferBytes), cancellationToken).ConfigureAwait(false)) > 0)
            {
                lines += buffer.AsSpan(0, read).Count((byte)'\n');
                last = buffer[read - 1];
            }

            return last == (byte)'\n' ? lines : lines + 1;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int FillBuffer(
        TransactionCsvRowFormatter formatter, ReadOnlySpan<Transaction> transactions, ref int next, byte[] buffer, int used)
    {
        var span = buffer.AsSpan(0, WriteBufferBytes);
        while (next < transactions.Length && span.Length - used >= TransactionCsvRowFormatter.MaxRowBytes)
        {
            used += formatter.Format(transactions[next], span[used..]);
            next++;
        }

        return used;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
