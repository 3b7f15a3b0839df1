using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// One journal segment file open for appending: named by the sequence number of its first record
/// (<c>00000000000000000001.segment</c>, zero-padded so names sort like numbers), written only at its end.
/// </summary>
internal sealed class JournalSegment : IDisposable
{
    private const string Extension = ".segment";
    private readonly SafeFileHandle _handle;

    private JournalSegment(string path, long firstSequence, SafeFileHandle handle)
    {
        Path = path;
        FirstSequence = firstSequence;
        _handle = handle;
    }

    public string Path { get; }

    public long FirstSequence { get; }

    /// <summary>Bytes written so far (where the next write goes).</summary>
    public long Length { get; private set; }

    public static string FileName(long firstSequence) => firstSequence.ToString("D20", CultureInfo.InvariantCulture) + Extension;

    /// <summary>The first sequence number of a segment file name; false for any other file.</summary>
    public static bool TryParseFileName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.Length == 20 + Extension.Length
            && fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence);
    }

    /// <summary>
    /// Creates a segment, preallocates it if asked (and possible), and makes the file and its name durable before the
    /// first record is written into it: after a crash, recovery finds every segment an acknowledged record went to.
    /// </summary>
    public static JournalSegment Create(string directory, long firstSequence, long preallocateBytes)
    {
        var path = System.IO.Path.Combine(directory, FileName(firstSequence));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        try
        {
            if (preallocateBytes > 0 && OperatingSystem.IsLinux())
            {
                LibC.TryFallocate(handle, preallocateBytes, path);
            }

            RandomAccess.FlushToDisk(handle);
            LibC.FsyncDirectory(directory);
            return new JournalSegment(path, firstSequence, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="data"/> at the end, in one call (not yet durable: see <see cref="Flush"/>).</summary>
    public void Append(ReadOnlySpan<byte> data)
    {
        RandomAccess.Write(_handle, data, Length);
        Length += data.Length;
    }

    /// <summary>Makes everything written so far durable: <c>fdatasync</c> on Linux, <c>fsync</c> elsewhere.</summary>
    public void Flush()
    {
        if (OperatingSystem.IsLinux())
        {
            LibC.Fdatasync(_handle, Path);
        }
        else
        {
            RandomAccess.FlushToDisk(_handle);
        }
    }

    public void Dispose() => _handle.Dispose();
}
