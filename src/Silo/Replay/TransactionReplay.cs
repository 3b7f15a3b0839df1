using FraudActors.Grains.Interfaces;
using FraudActors.Ml.Data;
using FraudActors.Runtime;

namespace FraudActors.Silo.Replay;

/// <summary>
/// Pushes a time-ordered transaction stream through the customer grains as a payment system would: calls are
/// issued in stream order, so each customer's transactions are scored in order while different customers proceed
/// in parallel. The window in flight is bounded both in calls and in simulated time: a call that stalls holds the
/// window back rather than letting later transactions race days ahead of it (which real payment traffic never does,
/// and which would make its terminal query fall outside the allowed lateness). Optionally feeds each fraud label
/// back as soon as its transaction is scored (the simulation's ground truth standing in for analysts), which is how
/// terminal risk gets its labels; the window guarantees labels land well before the 7-day delay needs them.
/// </summary>
/// <param name="grains">The cluster client.</param>
/// <param name="maxInFlight">Most calls in flight. Default 512.</param>
/// <param name="maxSpan">Most simulated time between the oldest and newest call in flight. Default 1 hour.</param>
public sealed class TransactionReplay(IGrainFactory grains, int maxInFlight = 512, TimeSpan? maxSpan = null)
{
    private readonly long _maxSpanSeconds = (long)(maxSpan ?? TimeSpan.FromHours(1)).TotalSeconds;

    /// <summary>The request a simulated transaction becomes: ids as text, time from its Unix seconds.</summary>
    public static ScoreRequest ToRequest(Transaction transaction) => new(
        $"tx-{transaction.Id}",
        $"c-{transaction.CustomerId}",
        $"t-{transaction.TerminalId}",
        transaction.AmountCents,
        DateTimeOffset.FromUnixTimeSeconds(transaction.UnixSeconds));

    /// <summary>Scores every transaction; <paramref name="onScored"/> receives each result with its index (from several threads).</summary>
    /// <param name="transactions">Time-ordered transactions.</param>
    /// <param name="feedFraudLabels">Label each fraudulent transaction right after it is scored.</param>
    /// <param name="onScored">Called once per transaction, concurrently.</param>
    /// <param name="cancellationToken">Stops issuing new calls.</param>
    /// <exception cref="AggregateException">Some transactions failed; no new ones were issued after the first failure.</exception>
    public async Task RunAsync(
        IReadOnlyList<Transaction> transactions,
        bool feedFraudLabels,
        Action<int, ScoreResult> onScored,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ArgumentNullException.ThrowIfNull(onScored);
        var window = new Queue<(long UnixSeconds, Task Completion)>(maxInFlight);
        var failures = new List<Exception>();
        for (var i = 0; i < transactions.Count && failures.Count == 0; i++)
        {
            var transaction = transactions[i];
            while (window.Count > 0 && (window.Count >= maxInFlight || transaction.UnixSeconds - window.Peek().UnixSeconds > _maxSpanSeconds))
            {
                await Retire(window.Dequeue().Completion, failures).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var request = ToRequest(transaction);

            // Issued here, synchronously and in order: the grain queues calls in arrival order.
            var scoring = grains.GetGrain<ICustomerGrain>(request.CustomerId).ScoreAsync(request);
            window.Enqueue((transaction.UnixSeconds, CompleteAsync(scoring, i, transaction.IsFraud, request.TransactionId)));
        }

        while (window.Count > 0)
        {
            await Retire(window.Dequeue().Completion, failures).ConfigureAwait(false);
        }

        if (failures.Count > 0)
        {
            throw new AggregateException($"Replay failed on {failures.Count} transaction(s): {failures[0].Message}", failures);
        }

        async Task CompleteAsync(ValueTask<ScoreResult> scoring, int index, bool isFraud, string transactionId)
        {
            onScored(index, await scoring.ConfigureAwait(false));
            if (feedFraudLabels && isFraud)
            {
                await grains.GetGrain<ITransactionGrain>(transactionId)
                    .LabelAsync(new LabelRequest(IsFraud: true, LabelSource.Import, Comment: null)).ConfigureAwait(false);
            }
        }
    }

    private static async Task Retire(Task completion, List<Exception> failures)
    {
        try
        {
            await completion.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            failures.Add(exception);
        }
    }
}
