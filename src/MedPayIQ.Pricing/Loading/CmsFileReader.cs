using System.Collections.Immutable;
using System.IO.Compression;

namespace MedPayIQ.Pricing;

/// <summary>A file read out of a zip archive by <see cref="CmsFileReader.ReadZip"/>.</summary>
/// <param name="Name">The file's name, without the archive's folders.</param>
/// <param name="FullName">The file's path in the archive.</param>
/// <param name="Content">The file's bytes.</param>
public sealed record CmsArchiveFile(string Name, string FullName, ReadOnlyMemory<byte> Content);

/// <summary>
/// Reads CMS files into memory within limits, the same way for every loader of the library: at most
/// <see cref="MaxFileBytes"/> from one file, whatever its length claims; at most that much in all from one zip archive,
/// whatever its entries' headers claim (a zip bomb lies); and files saved as UTF-16 turned into UTF-8. A file past a
/// limit or an unreadable archive raises the loader's own <see cref="CmsFileFormatException"/>, naming the file.
/// </summary>
public sealed class CmsFileReader
{
    private readonly string _limitName;
    private readonly Func<string, string, Exception?, CmsFileFormatException> _error;

    /// <summary>Creates a reader.</summary>
    /// <param name="maxFileBytes">The most read from one file, and from one archive in all (capped at the largest array).</param>
    /// <param name="limitName">The option that sets the limit, named in messages (such as <c>FeeScheduleLoadOptions.MaxFileBytes</c>).</param>
    /// <param name="error">Creates the loader's exception from a file name, what is wrong, and a cause.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFileBytes"/> is not positive.</exception>
    public CmsFileReader(long maxFileBytes, string limitName, Func<string, string, Exception?, CmsFileFormatException> error)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxFileBytes);
        ArgumentException.ThrowIfNullOrEmpty(limitName);
        ArgumentNullException.ThrowIfNull(error);
        MaxFileBytes = Math.Min(maxFileBytes, Array.MaxLength); // one array holds a file, whatever the option says
        _limitName = limitName;
        _error = error;
    }

    /// <summary>The most read from one file or one archive.</summary>
    public long MaxFileBytes { get; }

    /// <summary>Throws the loader's exception when a file of <paramref name="length"/> bytes is over the limit.</summary>
    /// <param name="fileName">The file's name, for the message.</param>
    /// <param name="length">Its length.</param>
    public void EnsureWithinLimit(string fileName, long length)
    {
        if (length > MaxFileBytes)
        {
            throw TooLarge(fileName, MaxFileBytes);
        }
    }

    /// <summary>
    /// Throws the loader's exception when an archive's file says it expands to more than one file may hold, or to more
    /// than what the archive's files may still expand to (they count together against <see cref="MaxFileBytes"/>):
    /// checked before the file is inflated.
    /// </summary>
    /// <param name="entryName">The file, named as <c>RVU25D.zip!PPRRVU25_OCT.csv</c>, for the message.</param>
    /// <param name="length">The length the archive records for it.</param>
    /// <param name="left">What the archive's files may still expand to.</param>
    public void EnsureEntryWithinLimit(string entryName, long length, long left)
    {
        if (length > MaxFileBytes)
        {
            throw _error(entryName, $"the file expands to {length:N0} bytes, more than the {MaxFileBytes:N0} accepted ({_limitName})", null);
        }

        if (length > left)
        {
            throw _error(entryName, $"the archive's files expand to more than the {MaxFileBytes:N0} bytes accepted from one archive ({_limitName})", null);
        }
    }

    /// <summary>Reads a stream to its end: one exact-size array for a file, a growing buffer for a stream of unknown length.</summary>
    /// <param name="stream">The stream, read from its position.</param>
    /// <param name="fileName">The file's name, for messages.</param>
    public byte[] ReadAll(Stream stream, string fileName) => ReadAll(stream, fileName, MaxFileBytes);

    private byte[] ReadAll(Stream stream, string fileName, long max)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        if (stream.CanSeek && stream.Length - stream.Position is var length and <= int.MaxValue)
        {
            if (length > max)
            {
                throw TooLarge(fileName, max);
            }

            var whole = GC.AllocateUninitializedArray<byte>((int)length); // read once: no doubling buffer, no copy
            stream.ReadExactly(whole);
            if (stream.ReadByte() < 0)
            {
                return whole;
            }

            stream.Position -= 1; // the file grew while read: read the rest as a stream would
            using var grown = new MemoryStream();
            grown.Write(whole);
            CopyWithin(stream, grown, fileName, max);
            return grown.ToArray();
        }

        using var ms = new MemoryStream();
        CopyWithin(stream, ms, fileName, max);
        return ms.ToArray();
    }

    private void CopyWithin(Stream from, MemoryStream to, string fileName, long max)
    {
        var buffer = new byte[81920];
        int n;
        while ((n = from.Read(buffer)) > 0)
        {
            if (to.Length + n > max)
            {
                throw TooLarge(fileName, max);
            }

            to.Write(buffer, 0, n);
        }
    }

    /// <summary>
    /// Reads the files of a zip archive that <paramref name="wanted"/> accepts (by name, without folders), in the order of
    /// their paths. Together they may expand to at most <see cref="MaxFileBytes"/>.
    /// </summary>
    /// <param name="zip">The archive; a stream that cannot seek (a download) is first read, within the limit.</param>
    /// <param name="zipName">The archive's name, for messages (<c>RVU25D.zip</c>); an entry is named <c>RVU25D.zip!PPRRVU25_OCT.csv</c>.</param>
    /// <param name="wanted">Whether a file is one the loader reads.</param>
    public ImmutableArray<CmsArchiveFile> ReadZip(Stream zip, string zipName, Func<string, bool> wanted)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentNullException.ThrowIfNull(zipName);
        ArgumentNullException.ThrowIfNull(wanted);
        if (!zip.CanSeek)
        {
            // ZipArchive would copy a stream it cannot seek into memory whatever its size: copy it here, to the limit.
            zip = new MemoryStream(ReadAll(zip, zipName), writable: false);
        }

        var files = ImmutableArray.CreateBuilder<CmsArchiveFile>();
        long budget = MaxFileBytes;
        try
        {
            using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
            foreach (var entry in archive.Entries.OrderBy(e => e.FullName, StringComparer.Ordinal))
            {
                if (entry.FullName.EndsWith('/') || !wanted(entry.Name))
                {
                    continue;
                }

                string name = $"{zipName}!{entry.FullName}";
                EnsureEntryWithinLimit(name, entry.Length, budget);

                // The entry's stream cannot seek: the read stops at the budget whatever the entry's header claims.
                using var s = entry.Open();
                var content = ReadAll(s, name, budget);
                budget -= content.Length;
                files.Add(new CmsArchiveFile(entry.Name, entry.FullName, content));
            }
        }
        catch (InvalidDataException ex)
        {
            throw _error(zipName, "the file is not a readable zip archive: " + ex.Message, ex);
        }

        return files.ToImmutable();
    }

    /// <summary>
    /// A file's bytes as UTF-8: a file saved as UTF-16 with its byte order mark (Excel's "Unicode Text", Notepad's
    /// "Unicode") is transcoded; any other file is returned as it is (CMS publishes ASCII).
    /// </summary>
    /// <param name="content">The file's bytes.</param>
    public static ReadOnlyMemory<byte> ToUtf8(ReadOnlyMemory<byte> content)
    {
        var s = content.Span;
        var encoding = s is [0xFF, 0xFE, ..] ? System.Text.Encoding.Unicode : s is [0xFE, 0xFF, ..] ? System.Text.Encoding.BigEndianUnicode : null;
        return encoding is null ? content : System.Text.Encoding.UTF8.GetBytes(encoding.GetString(s[2..]));
    }

    /// <summary>
    /// A short hash of files' names, sizes and times written (16 hex digits): equal while none of them changes, so a host
    /// watching a folder of CMS files can tell when to load it again without reading the files.
    /// </summary>
    /// <param name="files">The files.</param>
    public static string Fingerprint(IEnumerable<FileInfo> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var text = new System.Text.StringBuilder();
        foreach (var f in files.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{f.Name}|{f.Length}|{f.LastWriteTimeUtc.Ticks}\n");
        }

        return Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private CmsFileFormatException TooLarge(string fileName, long max)
        => _error(fileName, $"the file is larger than {max:N0} bytes, the most accepted ({_limitName})", null);
}
