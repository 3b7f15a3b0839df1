using System.Buffers.Text;
using System.Text.Json;

namespace FraudActors.Ml.XGBoost;

/// <summary>
/// A trained XGBoost model behind the C API: training, prediction (batch, in-place dense, single row), SHAP
/// contributions and the JSON model format Python's <c>Booster.save_model("m.json")</c> writes.
/// </summary>
/// <remarks>
/// Thread safety: every prediction and contribution method, <see cref="SaveJson"/> and <see cref="Evaluate"/> may run
/// on many threads at once against one booster (XGBoost ≥ 1.4 keeps prediction buffers per thread and per booster;
/// verified by this project's tests). XGBoost does not allow changing a booster's configuration while it predicts, so
/// <see cref="SetParameter"/> and <see cref="SetFeatureNames"/> take an exclusive lock that waits for running
/// predictions and holds new ones back. Training never mutates a booster others can see: <see cref="Train"/> and
/// <see cref="ContinueTraining"/> return a new one.
/// <para>
/// Serving: a loaded booster uses XGBoost's default thread count (all cores), so each single-row call forks an OpenMP
/// team; on a busy machine waking that team has cost milliseconds per row. Call <c>SetParameter("nthread", "1")</c> on
/// a booster that scores single rows from many callers. XGBoost keeps each thread's last prediction buffer per booster
/// until the thread exits, so a thread that predicted a large batch holds that much memory.
/// </para>
/// </remarks>
public sealed class Booster : IDisposable
{
    // Prediction configurations, one per call kind, built once as null-terminated UTF-8 literals: XGBoost parses them
    // on every call, we never rebuild them. Types: 0 value, 1 margin, 2 SHAP contributions, 3 Saabas contributions.
    private static ReadOnlySpan<byte> ValueConfig =>
        "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false}\0"u8;

    private static ReadOnlySpan<byte> MarginConfig =>
        "{\"type\":1,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false}\0"u8;

    private static ReadOnlySpan<byte> ContributionsConfig =>
        "{\"type\":2,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false}\0"u8;

    private static ReadOnlySpan<byte> ApproximateContributionsConfig =>
        "{\"type\":3,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false}\0"u8;

    // In-place prediction additionally needs the missing-value marker and (in 1.7) cache_id 0.
    private static ReadOnlySpan<byte> InPlaceValueConfig =>
        "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}\0"u8;

    private static ReadOnlySpan<byte> InPlaceMarginConfig =>
        "{\"type\":1,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,\"strict_shape\":false,\"missing\":NaN,\"cache_id\":0}\0"u8;

    private static ReadOnlySpan<byte> JsonFormatConfig => "{\"format\":\"json\"}\0"u8;

    private readonly BoosterHandle _handle;

    // Readers: predictions and other calls XGBoost allows concurrently. Writer: configuration changes.
    private readonly ReaderWriterLockSlim _configuration = new(LockRecursionPolicy.NoRecursion);

    private Booster(BoosterHandle handle)
    {
        _handle = handle;
        unsafe
        {
            ulong features;
            int rounds;
            XGBoostLibrary.Check(XGBoostNative.XGBoosterGetNumFeature(handle, &features), "XGBoosterGetNumFeature");
            XGBoostLibrary.Check(XGBoostNative.XGBoosterBoostedRounds(handle, &rounds), "XGBoosterBoostedRounds");
            FeatureCount = checked((int)features);
            BoostedRounds = rounds;
        }
    }

    /// <summary>Number of input features the model was trained on.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of boosting rounds in the model (trees, for a single-output tree model).</summary>
    public int BoostedRounds { get; }

    /// <summary>Trains a new model on <paramref name="train"/> for <see cref="BoosterParameters.Rounds"/> rounds.</summary>
    /// <param name="train">Features and labels.</param>
    /// <param name="parameters">Training parameters; validated first.</param>
    /// <param name="progress">Told the number of rounds completed after each round.</param>
    /// <param name="cancellationToken">Checked before each round.</param>
    /// <exception cref="ArgumentException">Invalid parameters.</exception>
    /// <exception cref="XGBoostException">XGBoost refused a parameter value or the data; the message is XGBoost's.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the partial model is freed.</exception>
    public static Booster Train(
        DMatrix train, BoosterParameters parameters, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        var handle = CreateHandle(train);
        try
        {
            return Boost(handle, train, parameters, firstIteration: 0, progress, cancellationToken);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Fine-tunes: returns a new model holding this model's trees followed by <see cref="BoosterParameters.Rounds"/> more,
    /// boosted on <paramref name="train"/> (as Python's <c>xgb.train(..., xgb_model=booster)</c>). This booster is unchanged
    /// and can keep serving while the new one trains.
    /// </summary>
    /// <param name="train">New data with the same features.</param>
    /// <param name="parameters">Training parameters for the new rounds; the objective must be the model's.</param>
    /// <param name="progress">Told the number of new rounds completed after each round.</param>
    /// <param name="cancellationToken">Checked before each round.</param>
    /// <exception cref="ArgumentException">Invalid parameters, another objective, or another feature count.</exception>
    /// <exception cref="XGBoostException">XGBoost refused a parameter value or the data.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the partial model is freed.</exception>
    public Booster ContinueTraining(
        DMatrix train, BoosterParameters parameters, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        if (train.Columns != FeatureCount)
        {
            throw new ArgumentException(
                $"The model has {FeatureCount} features but the training matrix has {train.Columns} columns.", nameof(train));
        }

        var objective = Objective;
        if (!string.Equals(objective, parameters.Objective, StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"{nameof(BoosterParameters.Objective)} '{parameters.Objective}' differs from the model's objective '{objective}'.",
                nameof(parameters));
        }

        var snapshot = SaveJson();
        var handle = CreateHandle(train);
        try
        {
            Load(handle, snapshot, "XGBoosterLoadModelFromBuffer");
            return Boost(handle, train, parameters, firstIteration: BoostedRounds, progress, cancellationToken);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>The model's learning objective as XGBoost reports it (e.g. <c>binary:logistic</c>).</summary>
    public string Objective
    {
        get
        {
            using var config = JsonDocument.Parse(SaveConfigJson());
            return config.RootElement.GetProperty("learner").GetProperty("objective").GetProperty("name").GetString()
                ?? throw new XGBoostException("XGBoost's configuration has no objective name.");
        }
    }

    /// <summary>Loads a model saved by XGBoost (JSON, UBJSON or the legacy binary format; XGBoost detects which).</summary>
    /// <exception cref="XGBoostException">The bytes are not a model XGBoost can read; the message is XGBoost's.</exception>
    public static Booster Load(ReadOnlySpan<byte> model)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The model is empty.", nameof(model));
        }

        var handle = CreateHandle(cache: null);
        try
        {
            Load(handle, model, "XGBoosterLoadModelFromBuffer");
            return new Booster(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Loads a model file (JSON as written by <see cref="SaveJsonFileAsync"/> or Python's <c>save_model</c>).</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="XGBoostException">The file is not a model XGBoost can read; the message names the file.</exception>
    public static async Task<Booster> LoadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        try
        {
            return Load(bytes);
        }
        catch (XGBoostException e)
        {
            throw e.WithContext($"Loading model file '{path}'");
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"Model file '{path}' is empty.", nameof(path), e);
        }
    }

    /// <summary>The model in XGBoost's JSON format (UTF-8), the format Python's <c>Booster.save_model("m.json")</c> writes.</summary>
    public byte[] SaveJson()
    {
        using var reading = ReadLock();
        unsafe
        {
            ulong length;
            byte* buffer;
            fixed (byte* config = JsonFormatConfig)
            {
                XGBoostLibrary.Check(
                    XGBoostNative.XGBoosterSaveModelToBuffer(_handle, config, &length, &buffer), "XGBoosterSaveModelToBuffer");
            }

            // The buffer belongs to XGBoost's per-thread store and is overwritten by the next call: copy now.
            return new ReadOnlySpan<byte>(buffer, checked((int)length)).ToArray();
        }
    }

    /// <summary>Writes <see cref="SaveJson"/> to a file, replacing it.</summary>
    public Task SaveJsonFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return File.WriteAllBytesAsync(path, SaveJson(), cancellationToken);
    }

    /// <summary>Predicts every row of <paramref name="data"/>: probabilities for the logistic objectives, or margins.</summary>
    /// <returns>One value per row (rows × groups for multi-output models).</returns>
    public float[] Predict(DMatrix data, bool outputMargin = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var reading = ReadLock();
        var result = PredictFromMatrix(data, outputMargin ? MarginConfig : ValueConfig);
        return result.ToArray();
    }

    /// <summary>Predicts every row of <paramref name="data"/> into <paramref name="destination"/> (one value per row).</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    public void Predict(DMatrix data, Span<float> destination, bool outputMargin = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var reading = ReadLock();
        CopyExact(PredictFromMatrix(data, outputMargin ? MarginConfig : ValueConfig), destination);
    }

    /// <summary>
    /// In-place prediction on dense row-major features (<c>XGBoosterPredictFromDense</c>): no DMatrix is built.
    /// NaN marks a missing value. Rows = <c>rowMajor.Length / FeatureCount</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The feature span is not a whole number of rows, or the destination length is wrong.</exception>
    public void PredictDense(ReadOnlySpan<float> rowMajor, Span<float> destination, bool outputMargin = false)
    {
        if (rowMajor.IsEmpty || rowMajor.Length % FeatureCount != 0)
        {
            throw new ArgumentException(
                $"The feature span holds {rowMajor.Length} values, not a positive multiple of the model's {FeatureCount} features.",
                nameof(rowMajor));
        }

        using var reading = ReadLock();
        CopyExact(PredictInPlace(rowMajor, rowMajor.Length / FeatureCount, outputMargin), destination);
    }

    /// <summary>Predicts one row in place (<c>XGBoosterPredictFromDense</c>); NaN marks a missing value.</summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> does not hold exactly <see cref="FeatureCount"/> values.</exception>
    public float PredictRow(ReadOnlySpan<float> features, bool outputMargin = false)
    {
        RequireRow(features, nameof(features));
        using var reading = ReadLock();
        var result = PredictInPlace(features, 1, outputMargin);
        if (result.Length != 1)
        {
            throw new InvalidOperationException(
                $"The model produces {result.Length} outputs per row; use {nameof(PredictDense)} for multi-output models.");
        }

        return result[0];
    }

    /// <summary>
    /// SHAP feature contributions per row: exact path-dependent TreeSHAP (XGBoost's <c>pred_contribs</c>), or Saabas'
    /// approximation (<c>approx_contribs</c>). Row-major, rows × (FeatureCount + 1); the last column is the bias, and each
    /// row sums to the row's margin.
    /// </summary>
    public float[] PredictContributions(DMatrix data, bool approximate = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var reading = ReadLock();
        return PredictFromMatrix(data, approximate ? ApproximateContributionsConfig : ContributionsConfig).ToArray();
    }

    /// <summary>As <see cref="PredictContributions(DMatrix, bool)"/>, into a caller buffer of rows × (FeatureCount + 1).</summary>
    public void PredictContributions(DMatrix data, Span<float> destination, bool approximate = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var reading = ReadLock();
        CopyExact(PredictFromMatrix(data, approximate ? ApproximateContributionsConfig : ContributionsConfig), destination);
    }

    /// <summary>
    /// Contributions for one row (FeatureCount + 1 values, bias last). XGBoost computes contributions only from a DMatrix,
    /// so this builds a one-row matrix per call.
    /// </summary>
    public void PredictRowContributions(ReadOnlySpan<float> features, Span<float> destination, bool approximate = false)
    {
        RequireRow(features, nameof(features));
        using var row = DMatrix.FromDense(features, 1, FeatureCount);
        PredictContributions(row, destination, approximate);
    }

    /// <summary>
    /// XGBoost's evaluation line for <paramref name="data"/> (its labels against the model's predictions) with the
    /// metric from <see cref="BoosterParameters.EvalMetric"/>, e.g. <c>[0]\teval-auc:0.981</c>.
    /// </summary>
    public string Evaluate(DMatrix data, string name = "eval", int iteration = 0)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        using var reading = ReadLock();
        var added = false;
        data.Handle.DangerousAddRef(ref added);
        try
        {
            unsafe
            {
                var utf8Name = System.Text.Encoding.UTF8.GetBytes(name + "\0");
                var matrix = data.Handle.DangerousGetHandle();
                byte* result;
                fixed (byte* namePointer = utf8Name)
                {
                    var names = namePointer;
                    XGBoostLibrary.Check(
                        XGBoostNative.XGBoosterEvalOneIter(_handle, iteration, &matrix, &names, 1, &result),
                        "XGBoosterEvalOneIter");
                }

                return System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)result) ?? string.Empty;
            }
        }
        finally
        {
            if (added)
            {
                data.Handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// Sets one XGBoost parameter on this booster, e.g. <c>nthread</c>=1 for a serving booster whose callers already run
    /// in parallel. Waits for running predictions and holds new ones back while it runs.
    /// </summary>
    public void SetParameter(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _configuration.EnterWriteLock();
        try
        {
            XGBoostLibrary.Check(XGBoostNative.XGBoosterSetParam(_handle, name, value), "XGBoosterSetParam");
        }
        finally
        {
            _configuration.ExitWriteLock();
        }
    }

    /// <summary>Names the model's features (saved in the JSON model as <c>feature_names</c>); one per feature.</summary>
    public unsafe void SetFeatureNames(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != FeatureCount)
        {
            throw new ArgumentException($"Got {names.Count} feature names for a model of {FeatureCount} features.", nameof(names));
        }

        _configuration.EnterWriteLock();
        try
        {
            FeatureNameMarshalling.With(names, nameof(names), (values, count) =>
            {
                fixed (byte* field = "feature_name"u8)
                {
                    XGBoostLibrary.Check(
                        XGBoostNative.XGBoosterSetStrFeatureInfo(_handle, field, values, count), "XGBoosterSetStrFeatureInfo");
                }
            });
        }
        finally
        {
            _configuration.ExitWriteLock();
        }
    }

    /// <summary>Frees the native booster. A prediction already running on another thread finishes first (the handle is reference-counted).</summary>
    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// Creates a native booster. A training matrix must be in its cache from the start: XGBoost 1.7 reads the feature
    /// count from the cached matrices when it first configures (as Python's <c>Booster(params, [dtrain])</c> does).
    /// </summary>
    private static BoosterHandle CreateHandle(DMatrix? cache)
    {
        XGBoostLibrary.EnsureLoaded();
        if (cache is null)
        {
            unsafe
            {
                XGBoostLibrary.Check(XGBoostNative.XGBoosterCreate(null, 0, out var empty), "XGBoosterCreate");
                return empty;
            }
        }

        var added = false;
        cache.Handle.DangerousAddRef(ref added);
        try
        {
            unsafe
            {
                // XGBoost keeps its own shared reference to the matrix; ours is only needed for the duration of the call.
                var matrix = cache.Handle.DangerousGetHandle();
                XGBoostLibrary.Check(XGBoostNative.XGBoosterCreate(&matrix, 1, out var handle), "XGBoosterCreate");
                return handle;
            }
        }
        finally
        {
            if (added)
            {
                cache.Handle.DangerousRelease();
            }
        }
    }

    private static unsafe void Load(BoosterHandle handle, ReadOnlySpan<byte> model, string function)
    {
        fixed (byte* bytes = model)
        {
            XGBoostLibrary.Check(XGBoostNative.XGBoosterLoadModelFromBuffer(handle, bytes, (ulong)model.Length), function);
        }
    }

    private static Booster Boost(
        BoosterHandle handle, DMatrix train, BoosterParameters parameters, int firstIteration, IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        foreach (var (name, value) in parameters.ToNative())
        {
            XGBoostLibrary.Check(XGBoostNative.XGBoosterSetParam(handle, name, value), "XGBoosterSetParam");
        }

        for (var round = 0; round < parameters.Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The iteration number seeds XGBoost's per-round randomness; continuing from round n keeps Python's numbering.
            XGBoostLibrary.Check(
                XGBoostNative.XGBoosterUpdateOneIter(handle, firstIteration + round, train.Handle), "XGBoosterUpdateOneIter");
            progress?.Report(round + 1);
        }

        return new Booster(handle);
    }

    private byte[] SaveConfigJson()
    {
        using var reading = ReadLock();
        unsafe
        {
            ulong length;
            byte* json;
            XGBoostLibrary.Check(XGBoostNative.XGBoosterSaveJsonConfig(_handle, &length, &json), "XGBoosterSaveJsonConfig");
            return new ReadOnlySpan<byte>(json, checked((int)length)).ToArray();
        }
    }

    /// <summary>Runs a DMatrix prediction; the span views XGBoost's per-thread buffer and must be copied before the next call.</summary>
    private unsafe ReadOnlySpan<float> PredictFromMatrix(DMatrix data, ReadOnlySpan<byte> config)
    {
        ulong* shape;
        ulong dimensions;
        float* result;
        fixed (byte* json = config)
        {
            XGBoostLibrary.Check(
                XGBoostNative.XGBoosterPredictFromDMatrix(_handle, data.Handle, json, &shape, &dimensions, &result),
                "XGBoosterPredictFromDMatrix");
        }

        return new ReadOnlySpan<float>(result, ShapeLength(shape, dimensions));
    }

    /// <summary>Runs an in-place dense prediction; the span views XGBoost's per-thread buffer.</summary>
    private unsafe ReadOnlySpan<float> PredictInPlace(ReadOnlySpan<float> rowMajor, int rows, bool outputMargin)
    {
        ulong* shape;
        ulong dimensions;
        float* result;
        fixed (float* data = rowMajor)
        {
            // The array interface names the data by address, so it is the one part rebuilt per call (on the stack).
            Span<byte> arrayInterface = stackalloc byte[160];
            var length = WriteArrayInterface(arrayInterface, (nuint)data, rows, FeatureCount);
            fixed (byte* array = arrayInterface[..length])
            fixed (byte* config = outputMargin ? InPlaceMarginConfig : InPlaceValueConfig)
            {
                XGBoostLibrary.Check(
                    XGBoostNative.XGBoosterPredictFromDense(_handle, array, config, 0, &shape, &dimensions, &result),
                    "XGBoosterPredictFromDense");
            }
        }

        return new ReadOnlySpan<float>(result, ShapeLength(shape, dimensions));
    }

    /// <summary>Writes <c>{"data":[address,true],"shape":[rows,columns],"typestr":"&lt;f4","version":3}</c> and a terminator.</summary>
    private static int WriteArrayInterface(Span<byte> buffer, nuint address, int rows, int columns)
    {
        var written = 0;
        Append(buffer, ref written, "{\"data\":["u8);
        written += Format((ulong)address, buffer[written..]);
        Append(buffer, ref written, ",true],\"shape\":["u8);
        written += Format((ulong)rows, buffer[written..]);
        Append(buffer, ref written, ","u8);
        written += Format((ulong)columns, buffer[written..]);
        Append(buffer, ref written, "],\"typestr\":\"<f4\",\"version\":3}\0"u8);
        return written;

        static void Append(Span<byte> buffer, ref int written, ReadOnlySpan<byte> text)
        {
            text.CopyTo(buffer[written..]);
            written += text.Length;
        }

        static int Format(ulong value, Span<byte> destination) =>
            Utf8Formatter.TryFormat(value, destination, out var count)
                ? count
                : throw new InvalidOperationException("The array-interface buffer is too small.");
    }

    private static unsafe int ShapeLength(ulong* shape, ulong dimensions)
    {
        ulong total = 1;
        for (ulong d = 0; d < dimensions; d++)
        {
            total = checked(total * shape[d]);
        }

        return checked((int)total);
    }

    private static void CopyExact(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException(
                $"The destination holds {destination.Length} values but XGBoost produced {source.Length}.", nameof(destination));
        }

        source.CopyTo(destination);
    }

    private void RequireRow(ReadOnlySpan<float> features, string parameter)
    {
        if (features.Length != FeatureCount)
        {
            throw new ArgumentException(
                $"Got {features.Length} feature values; the model takes {FeatureCount}.", parameter);
        }
    }

    private ReadLockScope ReadLock()
    {
        _configuration.EnterReadLock();
        return new ReadLockScope(_configuration);
    }

    private readonly struct ReadLockScope(ReaderWriterLockSlim gate) : IDisposable
    {
        public void Dispose() => gate.ExitReadLock();
    }
}
