using System.Buffers;
using System.Runtime.CompilerServices;
using FraudActors.Grains.Interfaces;
using FraudActors.Runtime.Persistence;
using FraudActors.Runtime.Serialization;
using FraudActors.Runtime.Tests.TestGrains;

namespace FraudActors.Runtime.Tests.Serialization;

public sealed class WireExceptionTests
{
    private readonly WireSerializer _serializer = new(new WireCodecRegistry());

    public static TheoryData<Exception> MessageOnlyExceptions() =>
    [
        new InvalidOperationException("state"),
        new TimeoutException("late"),
        new OperationCanceledException("cancelled"),
        new TaskCanceledException("task cancelled"),
        new KeyNotFoundException("missing"),
        new NotSupportedException("unsupported"),
        new FormatException("bad format"),
        new SiloUnavailableException("silo-2 is shutting down"),
        new SiloFencedException("silo 127.0.0.1:11111@42 was declared dead; its write was refused"),
        new InconsistentStateException("etag 3 expected, 4 found"),
    ];

    [Theory]
    [MemberData(nameof(MessageOnlyExceptions))]
    public void Built_in_exceptions_come_back_as_themselves_with_their_message(Exception original)
    {
        var rebuilt = RoundTrip(Thrown(original));

        Assert.IsType(original.GetType(), rebuilt, exactMatch: true);
        Assert.Equal(original.Message, rebuilt.Message);
    }

    [Fact]
    public void A_transaction_rejection_keeps_its_kind_field_and_message()
    {
        var original = new TransactionRejectedException(RejectionKind.TooLate, "timestamp", "The timestamp is 3 days behind the customer's history.");

        var rebuilt = Assert.IsType<TransactionRejectedException>(RoundTrip(Thrown(original)));

        Assert.Equal(RejectionKind.TooLate, rebuilt.Kind);
        Assert.Equal("timestamp", rebuilt.Field);
        Assert.Equal(original.Message, rebuilt.Message);
    }

    [Fact]
    public void A_transaction_not_found_keeps_its_transaction_id()
    {
        var original = new TransactionNotFoundException("tx-77");

        var rebuilt = Assert.IsType<TransactionNotFoundException>(RoundTrip(Thrown(original)));

        Assert.Equal("tx-77", rebuilt.TransactionId);
        Assert.Equal(original.Message, rebuilt.Message);
    }

    [Fact]
    public void An_exception_declared_next_to_a_test_grain_interface_is_rebuilt_by_its_generated_codec()
    {
        var rebuilt = Assert.IsType<QuotaExceededException>(RoundTrip(Thrown(new QuotaExceededException("acct-1", 50, "Quota of 50 reached."))));

        Assert.Equal("acct-1", rebuilt.Account);
        Assert.Equal(50, rebuilt.Limit);
        Assert.Equal("Quota of 50 reached.", rebuilt.Message);
    }

    [Fact]
    public void An_unknown_exception_arrives_as_a_remote_grain_exception_with_type_message_and_stack_trace()
    {
        var original = Thrown(new IOException("disk full"));

        var rebuilt = Assert.IsType<RemoteGrainException>(RoundTrip(original));

        Assert.Equal("System.IO.IOException", rebuilt.RemoteTypeName);
        Assert.Equal("disk full", rebuilt.Message);
        Assert.Contains(nameof(Thrown), rebuilt.RemoteStackTrace, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(Thrown), rebuilt.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exception_without_a_usable_constructor_arrives_as_a_remote_grain_exception()
    {
        Assert.False(_serializer.Codecs.TryGetExceptionCodec(typeof(OpaqueFailureException), out _));

        var rebuilt = Assert.IsType<RemoteGrainException>(RoundTrip(Thrown(OpaqueFailureException.Create("opaque"))));

        Assert.Equal(typeof(OpaqueFailureException).FullName, rebuilt.RemoteTypeName);
        Assert.Equal("opaque", rebuilt.Message);
    }

    [Fact]
    public void A_rebuilt_exception_shows_where_it_was_first_thrown()
    {
        var rebuilt = RoundTrip(Thrown(new InvalidOperationException("state")));

        Assert.Contains(nameof(Thrown), rebuilt.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Stack_traces_stay_home_when_the_serialiser_is_told_so()
    {
        var serializer = new WireSerializer(new WireCodecRegistry(), includeStackTraces: false);

        var rebuilt = Assert.IsType<RemoteGrainException>(RoundTrip(Thrown(new IOException("disk full")), serializer));

        Assert.Null(rebuilt.RemoteStackTrace);
        Assert.Null(rebuilt.StackTrace);
    }

    [Fact]
    public void Inner_exceptions_are_rebuilt_too()
    {
        var original = new InvalidOperationException("outer", new TransactionRejectedException(RejectionKind.Conflict, "transactionId", "inner"));

        var rebuilt = RoundTrip(original);

        var inner = Assert.IsType<TransactionRejectedException>(rebuilt.InnerException);
        Assert.Equal(RejectionKind.Conflict, inner.Kind);
        Assert.Equal("inner", inner.Message);
    }

    [Fact]
    public void A_grain_activation_failure_keeps_its_grain_id_message_and_cause()
    {
        var original = new GrainActivationException(new GrainId("customer", "c-1"), new IOException("state unreadable"));

        var rebuilt = Assert.IsType<GrainActivationException>(RoundTrip(original));

        Assert.Equal(new GrainId("customer", "c-1"), rebuilt.GrainId);
        Assert.Equal(original.Message, rebuilt.Message);
        Assert.Equal("state unreadable", Assert.IsType<RemoteGrainException>(rebuilt.InnerException).Message);
    }

    [Fact]
    public void Argument_exceptions_keep_their_parameter_name_and_read_exactly_as_before()
    {
        var argument = new ArgumentException("Must be positive.", "amountCents");
        var argumentNull = new ArgumentNullException("customerId", "Required.");
        var outOfRange = new ArgumentOutOfRangeException("score", 1.5, "Must lie in [0, 1].");

        var argumentBack = Assert.IsType<ArgumentException>(RoundTrip(argument));
        var argumentNullBack = Assert.IsType<ArgumentNullException>(RoundTrip(argumentNull));
        var outOfRangeBack = Assert.IsType<ArgumentOutOfRangeException>(RoundTrip(outOfRange));

        Assert.Equal("amountCents", argumentBack.ParamName);
        Assert.Equal(argument.Message, argumentBack.Message);
        Assert.Equal("customerId", argumentNullBack.ParamName);
        Assert.Equal(argumentNull.Message, argumentNullBack.Message);
        Assert.Equal("score", outOfRangeBack.ParamName);
        Assert.Equal(outOfRange.Message, outOfRangeBack.Message);
        Assert.Equal("1.5", outOfRangeBack.ActualValue);
    }

    [Fact]
    public void A_remote_exception_passed_on_keeps_the_name_of_what_was_thrown_first()
    {
        var firstHop = RoundTrip(Thrown(new IOException("disk full")));

        var secondHop = Assert.IsType<RemoteGrainException>(RoundTrip(firstHop));

        Assert.Equal("System.IO.IOException", secondHop.RemoteTypeName);
        Assert.Equal("disk full", secondHop.Message);
    }

    [Fact]
    public void An_exception_whose_codec_throws_still_arrives_with_its_type_name_and_message()
    {
        Assert.True(_serializer.Codecs.TryGetExceptionCodec(typeof(BrokenPropertyException), out _), "the generator should have emitted a codec");

        var rebuilt = Assert.IsType<RemoteGrainException>(RoundTrip(Thrown(new BrokenPropertyException("ref-1", "broken on purpose"))));

        Assert.Equal(typeof(BrokenPropertyException).FullName, rebuilt.RemoteTypeName);
        Assert.Equal("broken on purpose", rebuilt.Message);
        Assert.Contains(nameof(Thrown), rebuilt.RemoteStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_that_do_not_fit_the_known_type_are_malformed()
    {
        // A TransactionRejectedException whose Kind arrives as a string.
        var bytes = Wire.Write((ref WireWriter w) =>
        {
            w.WriteUInt64(1);
            w.WriteObjectHeader(5);
            w.WriteString(typeof(TransactionRejectedException).FullName);
            w.WriteString("message");
            w.WriteNull();
            w.WriteNull();
            w.WriteObjectHeader(2);
            w.WriteString("TooLate");
            w.WriteString("timestamp");
        });

        Assert.Throws<WireFormatException>(() => _serializer.ReadResponse<ScoreResult>(new ReadOnlySequence<byte>(bytes)));
    }

    private Exception RoundTrip(Exception exception, WireSerializer? serializer = null)
    {
        serializer ??= _serializer;
        var buffer = new ArrayBufferWriter<byte>();
        serializer.WriteFailure(exception, buffer);
        var response = serializer.ReadResponse<ScoreResult>(Wire.Segmented(buffer.WrittenSpan.ToArray(), 7));
        Assert.False(response.Succeeded);
        Assert.NotSame(exception, response.Failure);
        return response.Failure;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
