using System.Buffers;
using System.Collections.Immutable;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime.Invocation;
using FraudActors.Runtime.Metadata;
using FraudActors.Runtime.Serialization;
using FraudActors.Runtime.Tests.TestGrains;

namespace FraudActors.Runtime.Tests.Serialization;

/// <summary>
/// The generated requests of real grain interfaces: a proxy call captures the request, its arguments cross the
/// wire into a request created from the method descriptor, and invoking that on a recording grain shows what arrived.
/// </summary>
public sealed class GeneratedRequestTests
{
    private static readonly DateTimeOffset At = new(2025, 6, 1, 12, 30, 15, TimeSpan.FromMinutes(-210));
    private readonly WireSerializer _serializer = new(new WireCodecRegistry());
    private readonly GrainInterfaceRegistry _interfaces = new();

    [Fact]
    public async Task Score_request_arguments_arrive_as_sent()
    {
        var request = new ScoreRequest("tx-1", "customer-9", "terminal-3", 123_456, At);
        var sent = Capture<ICustomerGrain>(grain => grain.ScoreAsync(request));

        var received = CrossTheWire(sent, segmentSize: 1);
        var grain = new RecordingCustomerGrain();
        await ((GrainRequest<ScoreResult>)received).InvokeAsync(grain);

        Assert.Equal(request, grain.Scored);
        Assert.Equal(At.Offset, grain.Scored!.Timestamp.Offset);
        Assert.Equal(nameof(ICustomerGrain.ScoreAsync), received.Method.MethodName);
    }

    [Fact]
    public async Task Nullable_date_time_offset_arguments_arrive_as_sent_whether_null_or_not()
    {
        var withValue = CrossTheWire(Capture<ICustomerGrain>(grain => grain.GetFeaturesAsync(At)));
        var withNull = CrossTheWire(Capture<ICustomerGrain>(grain => grain.GetFeaturesAsync(null)));
        var grain = new RecordingCustomerGrain();

        await ((GrainRequest<CustomerFeatures>)withValue).InvokeAsync(grain);
        Assert.True(grain.FeaturesAsOf!.Value.EqualsExact(At));
        await ((GrainRequest<CustomerFeatures>)withNull).InvokeAsync(grain);
        Assert.Null(grain.FeaturesAsOf);
    }

    [Fact]
    public async Task Fourteen_arguments_of_every_primitive_kind_arrive_in_order()
    {
        var measurements = new List<Measurement> { new("m", 2.5, At) };
        byte[] payload = [1, 2, 3];
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var at = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
        var sent = Capture<IWireShapesGrain>(grain => grain.GroupAsync(
            measurements, Level.High, payload, id, -12.340m, TimeSpan.FromTicks(-5), at, 'ß', sbyte.MinValue,
            ushort.MaxValue, uint.MaxValue, ulong.MaxValue, -0f, Offset.Far));

        var grain = new RecordingShapesGrain();
        await ((GrainRequest<IReadOnlyDictionary<string, Measurement[]>>)CrossTheWire(sent, segmentSize: 3)).InvokeAsync(grain);

        object?[] expected =
        [
            measurements, Level.High, payload, id, -12.340m, TimeSpan.FromTicks(-5), at, 'ß', sbyte.MinValue,
            ushort.MaxValue, uint.MaxValue, ulong.MaxValue, -0f, Offset.Far,
        ];
        Assert.Equal(expected, grain.Grouped!);
        Assert.Equal(decimal.GetBits(-12.340m), decimal.GetBits((decimal)grain.Grouped![4]!));
        Assert.True(float.IsNegative((float)grain.Grouped[12]!));
    }

    [Fact]
    public async Task A_cancellation_token_is_not_an_argument_on_the_wire()
    {
        using var cancellation = new CancellationTokenSource();
        var envelope = new Envelope("e", Level.Low, null, [], [], new Dictionary<string, int>(), null, new Point(1, 2), null, default);
        var sent = Capture<IWireShapesGrain>(grain => grain.EchoAsync(envelope, cancellation.Token));
        var buffer = new ArrayBufferWriter<byte>();
        _serializer.WriteArguments(sent, buffer);

        var received = CrossTheWire(sent);
        var grain = new RecordingShapesGrain();
        await ((GrainRequest<Envelope>)received).InvokeAsync(grain);

        Assert.Equal(CodecRoundTrip.Encode(envelope), buffer.WrittenSpan.ToArray());
        Assert.Equal(envelope.Id, grain.Echoed!.Id);
        Assert.False(received.CancellationToken.CanBeCanceled);
    }

    [Fact]
    public void A_request_missing_an_argument_is_malformed_and_names_it()
    {
        var sent = Capture<IWireShapesGrain>(grain => grain.UpgradeAsync(new VersionOne(1, "a"), new VersionTwo(2, "b")));
        var buffer = new ArrayBufferWriter<byte>();
        new WireArgumentWriter(_serializer.Codecs, buffer).Write(new VersionOne(1, "a"));

        var exception = Assert.Throws<WireFormatException>(() =>
            _serializer.ReadArguments(sent.Method.CreateEmpty(), new ReadOnlySequence<byte>(buffer.WrittenMemory)));

        Assert.Contains("argument 2", exception.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(VersionTwo), exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_request_with_an_extra_argument_is_malformed()
    {
        var sent = Capture<ITerminalGrain>(grain => grain.LabelAsync(17, isFraud: true));
        var buffer = new ArrayBufferWriter<byte>();
        _serializer.WriteArguments(sent, buffer);
        new WireArgumentWriter(_serializer.Codecs, buffer).Write(42);

        var exception = Assert.Throws<WireFormatException>(() =>
            _serializer.ReadArguments(sent.Method.CreateEmpty(), new ReadOnlySequence<byte>(buffer.WrittenMemory)));

        Assert.Contains("more arguments than the method takes", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_result_response_round_trips()
    {
        var result = new ScoreResult(
            "tx-1", 0.25, Decision.Approve, "m-3", [new Reason("TX_AMOUNT", 10, 0.1)], ExplanationMethod.PathAttribution,
            [new FeatureValue("TX_AMOUNT", 10)], At, Replayed: false);
        var buffer = new ArrayBufferWriter<byte>();
        _serializer.WriteResult(result, buffer);

        var response = _serializer.ReadResponse<ScoreResult>(Wire.Segmented(buffer.WrittenSpan.ToArray(), 5));

        Assert.True(response.Succeeded);
        Assert.Equal(result.Reasons, response.Result.Reasons.AsEnumerable());
        Assert.Equal(result.TransactionId, response.GetResultOrThrow().TransactionId);
    }

    [Fact]
    public void A_method_without_a_result_answers_with_three_bytes()
    {
        var buffer = new ArrayBufferWriter<byte>();
        _serializer.WriteResult(default(NoResult), buffer);

        // Status 0 (tag Varint, value 0), then NoResult as a null.
        Assert.Equal([0x01, 0x00, 0x00], buffer.WrittenSpan.ToArray());
        Assert.True(_serializer.ReadResponse<NoResult>(new ReadOnlySequence<byte>(buffer.WrittenMemory)).Succeeded);
    }

    private GrainRequest Capture<TGrain>(Action<TGrain> call)
        where TGrain : class, IGrainWithStringKey
    {
        var invoker = new CapturingInvoker();
        var info = _interfaces.Get(typeof(TGrain));
        call((TGrain)info.CreateReference(new GrainId(info.GrainType, "key"), invoker));
        return invoker.Last ?? throw new InvalidOperationException("The proxy made no call.");
    }

    private GrainRequest CrossTheWire(GrainRequest sent, int segmentSize = int.MaxValue)
    {
        var buffer = new ArrayBufferWriter<byte>();
        _serializer.WriteArguments(sent, buffer);
        var received = sent.Method.CreateEmpty();
        _serializer.ReadArguments(received, Wire.Segmented(buffer.WrittenSpan.ToArray(), segmentSize));
        Assert.NotSame(sent, received);
        return received;
    }

    private sealed class CapturingInvoker : IGrainCallInvoker
    {
        public GrainRequest? Last { get; private set; }

        public ValueTask<TResult> InvokeAsync<TResult>(GrainId target, GrainRequest<TResult> request)
        {
            Last = request;
            return new ValueTask<TResult>(default(TResult)!);
        }
    }

    private sealed class RecordingCustomerGrain : ICustomerGrain
    {
        public ScoreRequest? Scored { get; private set; }

        public DateTimeOffset? FeaturesAsOf { get; private set; }

        public ValueTask<ScoreResult> ScoreAsync(ScoreRequest request)
        {
            Scored = request;
            return default;
        }

        public ValueTask<CustomerFeatures> GetFeaturesAsync(DateTimeOffset? asOf)
        {
            FeaturesAsOf = asOf;
            return default;
        }
    }

    private sealed class RecordingShapesGrain : IWireShapesGrain
    {
        public object?[]? Grouped { get; private set; }

        public Envelope? Echoed { get; private set; }

        public Task<Envelope> EchoAsync(Envelope envelope, CancellationToken cancellationToken)
        {
            Echoed = envelope;
            return Task.FromResult(envelope);
        }

        public ValueTask<IReadOnlyDictionary<string, Measurement[]>> GroupAsync(
            List<Measurement>? measurements, Level? level, byte[]? payload, Guid id, decimal amount, TimeSpan span,
            DateTime at, char letter, sbyte tiny, ushort port, uint count, ulong big, float ratio, Offset offset)
        {
            Grouped = [measurements, level, payload, id, amount, span, at, letter, tiny, port, count, big, ratio, offset];
            return default;
        }

        public Task<VersionTwo> UpgradeAsync(VersionOne old, VersionTwo current) => Task.FromResult(current);

        public Task<Node?> TreeAsync(Node? root, OpenRecord? open, Dictionary<string, ImmutableArray<int>>? index) =>
            Task.FromResult(root);
    }
}
