using System.Runtime.InteropServices;

namespace FraudActors.Silo.Storage.Journal;

/// <summary>
/// The libc calls the journal needs and .NET does not expose: <c>fdatasync</c> (flush a file's data and only the
/// metadata needed to read it back, which <see cref="RandomAccess.FlushToDisk"/>'s <c>fsync</c> over-delivers) and
/// <c>fallocate</c> (reserve a segment's blocks up front, so appends do not allocate). Linux only; callers fall back
/// to portable calls elsewhere.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    [LibraryImport(Library, EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FdatasyncNative(int fd);

    [LibraryImport(Library, EntryPoint = "fallocate", SetLastError = true)]
    private static partial int FallocateNative(int fd, int mode, long offset, long length);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenNative(string path, int flags);

    [LibraryImport(Library, EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncNative(int fd);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    private static partial int CloseNative(int fd);

    /// <summary>
    /// Makes the directory's entries durable (a new or renamed file's name), which a file's own flush does not.
    /// </summary>
    /// <exception cref="IOException">The kernel reported an error (errno in the message).</exception>
    public static void FsyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        const int ReadOnly = 0;
        var fd = OpenNative(path, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"Opening directory {path} to flush it failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
        }

        try
        {
            if (FsyncNative(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
        }
        finally
        {
            _ = CloseNative(fd);
        }
    }

    /// <exception cref="IOException">The kernel reported an error (errno in the message).</exception>
    public static void Fdatasync(Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path)
    {
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (FdatasyncNative((int)handle.DangerousGetHandle()) != 0)
            {
                throw new IOException($"fdatasync of {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}.");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Allocates <paramref name="length"/> bytes from offset 0 and sets the file's size to at least that.</summary>
    /// <returns>False when the file system cannot preallocate (EOPNOTSUPP); the journal then just appends.</returns>
    /// <exception cref="IOException">Any other error (no space, for one).</exception>
    public static bool TryFallocate(Microsoft.Win32.SafeHandles.SafeFileHandle handle, long length, string path)
    {
        const int EOPNOTSUPP = 95;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (FallocateNative((int)handle.DangerousGetHandle(), 0, 0, length) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            return errno == EOPNOTSUPP
                ? false
                : throw new IOException($"fallocate of {length} bytes for {path} failed: {Marshal.GetPInvokeErrorMessage(errno)}.");
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }
}
