using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using FraudActors.Ml.Data;

namespace FraudActors.Ml.Evaluation;

/// <summary>
/// The handbook's evaluation protocol (reference §3): a training period, a delay during which labels are not yet
/// known, and a test period, all whole UTC calendar days; the test set loses the cards already known to be compromised.
/// </summary>
/// <remarks>
/// <para>
/// Known-compromised cards: for test day T, the cards with a fraud from the first training day up to day
/// T − (<see cref="DelayDays"/> + 1) inclusive (T − 8 with the book's 7-day delay) — what the investigators knew when
/// the labels of the delay had not yet arrived. Frauds before the training start do not count: the book builds the
/// known set from its training data onward (reference §6; counting from the first day of data leaves far fewer rows
/// than the book's 58,264). A test row is removed when its card is known on the row's own day.
/// </para>
/// <para>
/// Prequential folds (model selection) step the whole train/delay/test window back by <see cref="TestDays"/> days
/// per fold (the book's <c>delta_assessment</c>), fold 0 being this protocol itself.
/// </para>
/// </remarks>
public sealed record HandbookProtocol
{
    private const long SecondsPerDay = 86_400;
    private static readonly int UnixEpochDayNumber = DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;

    /// <summary>Creates a protocol from its first training day and the lengths of its periods.</summary>
    /// <param name="trainingStart">The first training day (UTC).</param>
    /// <param name="trainingDays">Length of the training period in days; at least 1.</param>
    /// <param name="delayDays">Days between training and test, in neither; at least 0.</param>
    /// <param name="testDays">Length of the test period in days; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A length is out of range.</exception>
    public HandbookProtocol(DateOnly trainingStart, int trainingDays = 7, int delayDays = 7, int testDays = 7)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trainingDays);
        ArgumentOutOfRangeException.ThrowIfNegative(delayDays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(testDays);
        if (trainingStart.DayNumber + (long)trainingDays + delayDays + testDays > DateOnly.MaxValue.DayNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(testDays), "The test period would end after DateOnly.MaxValue.");
        }

        TrainingStart = trainingStart;
        TrainingDays = trainingDays;
        DelayDays = delayDays;
        TestDays = testDays;
    }

    /// <summary>The book's first training day, 2018-07-25.</summary>
    public static DateOnly BookTrainingStart { get; } = new(2018, 7, 25);

    /// <summary>The book's default split: train 2018-07-25 … 07-31, delay 7 days, test 2018-08-08 … 08-14.</summary>
    public static HandbookProtocol Book { get; } = new(BookTrainingStart);

    /// <summary>The first training day (UTC).</summary>
    public DateOnly TrainingStart { get; }

    /// <summary>Length of the training period in days.</summary>
    public int TrainingDays { get; }

    /// <summary>Days between the training and the test periods, in neither set.</summary>
    public int DelayDays { get; }

    /// <summary>Length of the test period in days.</summary>
    public int TestDays { get; }

    /// <summary>The last training day, inclusive.</summary>
    public DateOnly TrainingLastDay => TrainingStart.AddDays(TrainingDays - 1);

    /// <summary>The first test day.</summary>
    public DateOnly TestStart => TrainingStart.AddDays(TrainingDays + DelayDays);

    /// <summary>The last test day, inclusive.</summary>
    public DateOnly TestLastDay => TestStart.AddDays(TestDays - 1);

    /// <summary>
    /// How many days before a test day a fraud must lie to be known on that day: a card is known-compromised on
    /// day T when it has a fraud on a day ≤ T − this (8 with the book's 7-day delay).
    /// </summary>
    public int KnownFraudLagDays => DelayDays + 1;

    /// <summary>
    /// The prequential folds for model selection: fold i (from 0) is this protocol with the training start moved
    /// back by i × <see cref="TestDays"/> days, period lengths unchanged.
    /// </summary>
    /// <param name="folds">Number of folds; the book uses 4.</param>
    /// <returns>The folds, fold 0 first (this protocol itself).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="folds"/> is not positive or reaches before 0001-01-01.</exception>
    public ImmutableArray<HandbookProtocol> PrequentialFolds(int folds = 4)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(folds);
        if (TrainingStart.DayNumber - ((long)(folds - 1) * TestDays) < DateOnly.MinValue.DayNumber)
        {
            throw new ArgumentOutOfRangeException(nameof(folds), $"{folds} folds would start before {DateOnly.MinValue}.");
        }

        var result = ImmutableArray.CreateBuilder<HandbookProtocol>(folds);
        for (int fold = 0; fold < folds; fold++)
        {
            result.Add(new HandbookProtocol(TrainingStart.AddDays(-fold * TestDays), TrainingDays, DelayDays, TestDays));
        }

        return result.MoveToImmutable();
    }

    /// <summary>Splits a time-sorted transaction list; see <see cref="Split(ReadOnlySpan{Transaction})"/>.</summary>
    /// <param name="transactions">Transactions sorted by time (ties allowed), as the simulator emits them.</param>
    /// <returns>The training and filtered test rows, as indices into <paramref name="transactions"/>.</returns>
    public HandbookSplit Split(IReadOnlyList<Transaction> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        return transactions switch
        {
            Transaction[] array => Split(array.AsSpan()),
            List<Transaction> list => Split(CollectionsMarshal.AsSpan(list)),
            ImmutableArray<Transaction> immutable => Split(immutable.AsSpan()),
            _ => Split(transactions.ToArray().AsSpan()),
        };
    }

    /// <summary>
    /// Splits time-sorted transactions into this protocol's training rows and its test rows without the
    /// known-compromised cards.
    /// </summary>
    /// <param name="transactions">Transactions sorted by time (ties allowed), as the simulator emits them.</param>
    /// <returns>The training and filtered test rows, as indices into <paramref name="transactions"/>.</returns>
    /// <exception cref="ArgumentException">
    /// The transactions are not sorted by time (the message names the first out-of-order id), or the training or the
    /// test period holds no transaction (the message names the period and its dates).
    /// </exception>
    public HandbookSplit Split(ReadOnlySpan<Transaction> transactions)
    {
        RequireSortedByTime(transactions);

        long trainingStartSeconds = StartSeconds(TrainingStart);
        long trainingEndSeconds = StartSeconds(TrainingStart.AddDays(TrainingDays));
        long testStartSeconds = StartSeconds(TestStart);
        long testEndSeconds = StartSeconds(TestStart.AddDays(TestDays));

        var trainRows = new List<int>();
        var testRows = new List<int>();
        int trainFrauds = 0;
        int testFrauds = 0;
        int testPeriodRows = 0;
        int removed = 0;

        // Rows are in time order, so the first fraud met for a card is its earliest since the training start, and
        // every fraud that can make a card known on day T (days ≤ T − lag) has been met before any row of day T.
        var firstFraudDay = new Dictionary<int, int>();
        for (int i = LowerBound(transactions, trainingStartSeconds); i < transactions.Length; i++)
        {
            Transaction transaction = transactions[i];
            if (transaction.UnixSeconds >= testEndSeconds)
            {
                break;
            }

            int day = (int)((transaction.UnixSeconds - trainingStartSeconds) / SecondsPerDay);
            if (transaction.IsFraud)
            {
                firstFraudDay.TryAdd(transaction.CustomerId, day);
            }

            if (transaction.UnixSeconds < trainingEndSeconds)
            {
                trainRows.Add(i);
                trainFrauds += transaction.IsFraud ? 1 : 0;
            }
            else if (transaction.UnixSeconds >= testStartSeconds)
            {
                testPeriodRows++;
                if (firstFraudDay.TryGetValue(transaction.CustomerId, out int knownSince) && knownSince <= day - KnownFraudLagDays)
                {
                    removed++;
                    continue;
                }

                testRows.Add(i);
                testFrauds += transaction.IsFraud ? 1 : 0;
            }
        }

        if (trainRows.Count == 0)
        {
            throw new ArgumentException(
                $"The training period {Format(TrainingStart)} … {Format(TrainingLastDay)} holds no transactions ({Coverage(transactions)}).",
                nameof(transactions));
        }

        if (testPeriodRows == 0)
        {
            throw new ArgumentException(
                $"The test period {Format(TestStart)} … {Format(TestLastDay)} holds no transactions ({Coverage(transactions)}).",
                nameof(transactions));
        }

        if (testRows.Count == 0)
        {
            throw new ArgumentException(
                $"The test period {Format(TestStart)} … {Format(TestLastDay)} holds no transactions once known-compromised cards are removed " +
                $"(all {testPeriodRows} belong to cards with a fraud known {KnownFraudLagDays} days earlier).",
                nameof(transactions));
        }

        return new HandbookSplit(
            this,
            ImmutableCollectionsMarshal.AsImmutableArray(trainRows.ToArray()),
            trainFrauds,
            ImmutableCollectionsMarshal.AsImmutableArray(testRows.ToArray()),
            testFrauds,
            removed);
    }

    /// <summary>Splits the transactions once per prequential fold (see <see cref="PrequentialFolds"/>).</summary>
    /// <param name="transactions">Transactions sorted by time (ties allowed).</param>
    /// <param name="folds">Number of folds; the book uses 4.</param>
    /// <returns>One split per fold, fold 0 first.</returns>
    public ImmutableArray<HandbookSplit> SplitPrequential(IReadOnlyList<Transaction> transactions, int folds = 4)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        ImmutableArray<HandbookProtocol> protocols = PrequentialFolds(folds);
        var result = ImmutableArray.CreateBuilder<HandbookSplit>(folds);
        foreach (HandbookProtocol protocol in protocols)
        {
            result.Add(protocol.Split(transactions));
        }

        return result.MoveToImmutable();
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"train {Format(TrainingStart)} … {Format(TrainingLastDay)}, delay {DelayDays} d, test {Format(TestStart)} … {Format(TestLastDay)}";

    /// <summary>UTC midnight starting <paramref name="day"/>, in Unix seconds.</summary>
    internal static long StartSeconds(DateOnly day) => (day.DayNumber - UnixEpochDayNumber) * SecondsPerDay;

    private static void RequireSortedByTime(ReadOnlySpan<Transaction> transactions)
    {
        for (int i = 1; i < transactions.Length; i++)
        {
            if (transactions[i].UnixSeconds < transactions[i - 1].UnixSeconds)
            {
                throw new ArgumentException(
                    $"Transactions must be sorted by time: transaction id {transactions[i].Id} (row {i}, {transactions[i].TimeUtc:O}) " +
                    $"comes after transaction id {transactions[i - 1].Id} ({transactions[i - 1].TimeUtc:O}).",
                    nameof(transactions));
            }
        }
    }

    private static int LowerBound(ReadOnlySpan<Transaction> transactions, long unixSeconds)
    {
        int low = 0;
        int high = transactions.Length;
        while (low < high)
        {
            int middle = low + ((high - low) / 2);
            if (transactions[middle].UnixSeconds < unixSeconds)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    private static string Coverage(ReadOnlySpan<Transaction> transactions) =>
        transactions.IsEmpty
            ? "the input is empty"
            : $"the data covers {Format(transactions[0].DayUtc)} … {Format(transactions[^1].DayUtc)}";

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
