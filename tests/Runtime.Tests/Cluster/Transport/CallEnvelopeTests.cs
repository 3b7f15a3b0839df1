using System.Buffers;
using FraudActors.Runtime.Cluster.Transport;
using FraudActors.Runtime.Serialization;

namespace FraudActors.Runtime.Tests.Cluster.Transport;

public sealed class CallEnvelopeTests
{
    private static readonly CallEnvelope Sample = new(
        CallId: 123_456_789_012,
        Sender: "127.0.0.1:11111@638000000000000000",
        Target: new GrainId("customer", "c-42/ü"),
        MethodId: 3,
        MethodName: "ScoreAsync",
        Remaining: TimeSpan.FromMilliseconds(1234.5),
        ForwardCount: 1);

    [Fact]
    public void An_envelope_reads_back_as_written_and_says_where_the_arguments_start()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Sample.Write(buffer);
        var envelopeLength = buffer.WrittenCount;
        buffer.Write<byte>([1, 2, 3]);   // stands for the arguments

        var read = CallEnvelope.Read(new ReadOnlySequence<byte>(buffer.WrittenMemory), out var length);

        Assert.Equal(Sample, read);
        Assert.Equal(envelopeLength, length);
    }

    [Fact]
    public void An_envelope_of_an_unknown_version_is_refused()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Sample.Write(buffer);
        var bytes = buffer.WrittenSpan.ToArray();
        bytes[1] = 2 << 1;   // the version varint (zig-zag): 2

        var failure = Assert.Throws<WireFormatException>(() => CallEnvelope.Read(new ReadOnlySequence<byte>(bytes), out _));
        Assert.Contains("version 2", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_envelope_is_refused()
    {
        var buffer = new ArrayBufferWriter<byte>();
        Sample.Write(buffer);

        for (var cut = 0; cut < buffer.WrittenCount; cut++)
        {
            var truncated = new ReadOnlySequence<byte>(buffer.WrittenMemory[..cut]);
            Assert.Throws<WireFormatException>(() => CallEnvelope.Read(truncated, out _));
        }
    }

    [Fact]
    public void A_negative_forward_count_is_refused()
    {
        var buffer = new ArrayBufferWriter<byte>();
        (Sample with { ForwardCount = -1 }).Write(buffer);

        Assert.Throws<WireFormatException>(() => CallEnvelope.Read(new ReadOnlySequence<byte>(buffer.WrittenMemory), out _));
    }
}
