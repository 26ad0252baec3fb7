using System.Buffers.Binary;
using CsvHelper;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// The PTP reader. CMS's PTP rows all have one shape (<c>CCCCC\tCCCCC\t[*]\tyyyymmdd\t(yyyymmdd|*)\t(0|1|9)\trationale</c>),
/// so a row of that exact shape is read by fixed offsets over the bytes, its codes, dates and rationale compared
/// with the row before (CMS sorts by column 1, and a file has a few dates and rationales); any other line (spaces
/// around a field, a missing field, a quote, a bad value, the header's continuation lines) goes to the general
/// CsvHelper reader, which accepts what it accepts and words every error. Measured on CMS's 2026Q2 practitioner
/// table (2.14M rows), the fixed-offset path reads a row in about a third of the general reader's time.
/// </summary>
internal static partial class NcciReaders
{
    private static readonly string[] PtpColumns = ["Column 1", "Column 2", "*=in existence prior to 1996", "Effective Date", "Deletion Date", "Modifier", "PTP Edit Rationale"];

    private const string PtpMissingHeader = "expected CMS's PTP header (a line starting 'Column 1', tab-separated); this is not a PTP edit file";

    /// <summary>Files longer than this are read in slices on every core.</summary>
    internal const int SliceBytes = 4 << 20;

    /// <summary>
    /// The edits of a PTP file, read in slices cut at line ends, each on a core (CMS's PTP files have no quoted line
    /// breaks); an error is the one of the earliest slice, with the line counted in the whole file.
    /// </summary>
    public static List<PtpChunk> Ptp(byte[] bytes, string file, bool values, int sliceBytes = SliceBytes)
    {
        if (IsUtf16(bytes))
        {
            bytes = CmsFileReader.ToUtf8(bytes).ToArray(); // Excel's and Notepad's "Unicode" text: the same lines in UTF-8
        }

        var starts = new List<int> { 0 };
        int slices = Math.Min(Environment.ProcessorCount * 4, bytes.Length / sliceBytes);
        for (int k = 1; k < slices; k++)
        {
            int at = (int)((long)bytes.Length * k / slices);
            int nl = bytes.AsSpan(at).IndexOf((byte)'\n');
            if (nl >= 0 && at + nl + 1 < bytes.Length && at + nl + 1 > starts[^1])
            {
                starts.Add(at + nl + 1);
            }
        }

        starts.Add(bytes.Length);
        var results = new PtpChunk[starts.Count - 1];
        var errors = new Exception?[starts.Count - 1];
        var linesBefore = new long[starts.Count - 1];
        for (int k = 1; k < linesBefore.Length; k++)
        {
            linesBefore[k] = linesBefore[k - 1] + bytes.AsSpan(starts[k - 1], starts[k] - starts[k - 1]).Count((byte)'\n');
        }

        var codeHashes = new CodeHashes();
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            try
            {
                results[k] = PtpSlice(bytes.AsMemory(starts[k], starts[k + 1] - starts[k]), linesBefore[k], file, values, codeHashes: codeHashes);
            }
            catch (Exception ex) when (ex is NcciFormatException or CsvFormatException)
            {
                errors[k] = ex;
            }
        });

        foreach (var error in errors)
        {
            if (error is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
            }
        }

        RequireRows(results.Sum(r => r.Count), file, "PTP edits");
        return [.. results];
    }

    /// <summary>
    /// The rows of one slice: <paramref name="linesBefore"/> lines precede it (0: the file's start, where the header
    /// is looked for first).
    /// </summary>
    /// <param name="memory">The slice: whole lines.</param>
    /// <param name="linesBefore">Lines before it in the file.</param>
    /// <param name="file">The file's name, for messages.</param>
    /// <param name="values">Whether messages quote the offending text.</param>
    /// <param name="lineEnds">Its line ends, when counted already (-1: counted here).</param>
    /// <param name="codeHashes">The load's code hashes to reuse (none: a new one).</param>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // a load runs it a few hundred times: optimized from the first block
    internal static PtpChunk PtpSlice(ReadOnlyMemory<byte> memory, long linesBefore, string file, bool values, int lineEnds = -1, CodeHashes? codeHashes = null)
    {
        var span = memory.Span;
        if (lineEnds < 0)
        {
            lineEnds = span.Count((byte)'\n');
        }

        var rows = new PtpChunkWriter(lineEnds + (span.IsEmpty || span[^1] == (byte)'\n' ? 0 : 1), file, codeHashes ?? new CodeHashes()); // a row a line at most: sized once
        var rationales = new Utf8Pool();
        var days = new DayCache();
        var last = new PtpLastRow();
        int pos = 0;
        long line = linesBefore;
        if (linesBefore == 0)
        {
            pos = PtpHeaderEnd(span, ref line, file);
        }

        // The row before's tail, from the tab after column 2 through its line end, when it was read at fixed offsets:
        // a row with the same tail (most of CMS's: the same dates, indicator and rationale as the row before) needs
        // only its two codes read, and its line ends where the tail does.
        var tail = ReadOnlySpan<byte>.Empty;
        while (pos < span.Length)
        {
            line++;
            if (!tail.IsEmpty && pos + 11 + tail.Length <= span.Length && span.Slice(pos + 11, tail.Length).SequenceEqual(tail)
                && TrySameTail(span.Slice(pos, 11), ref last, rows))
            {
                pos += 11 + tail.Length;
                continue;
            }

            int nl = span[pos..].IndexOf((byte)'\n');
            int next = nl < 0 ? span.Length : pos + nl + 1;
            var text = span[pos..(nl < 0 ? span.Length : pos + nl)];
            if (!text.IsEmpty && text[^1] == (byte)'\r')
            {
                text = text[..^1];
            }

            if (TryPtpRow(text, ref last, rationales, days, rows, file, line))
            {
                tail = span[(pos + 11)..next];
            }
            else
            {
                // The general reader: it skips what CsvHelper skips, and words what is wrong.
                Records(memory[pos..next], line - 1, file, '\t', lineBreaksInQuotes: false, PtpMissingHeader, static (_, _) => true,
                    (r, at) => PtpRecord(r, at, file, values, rationales, rows));
                last = default; // the general reader's values are not cached
                tail = default;
            }

            pos = next;
        }

        return rows.ToChunk(rationales.Texts());
    }

    private static bool IsUtf16(ReadOnlySpan<byte> start) => start is [0xFF, 0xFE, ..] or [0xFE, 0xFF, ..];

    private static bool HasPtpHeader(ReadOnlySpan<byte> span)
    {
        long line = 0;
        return PtpHeaderEnd(span, ref line, null) > 0;
    }

    /// <summary>Where the rows start: after the line whose first field is "Column 1" (the copyright and title lines come before it); without it, the error (0 when <paramref name="file"/> is null).</summary>
    private static int PtpHeaderEnd(ReadOnlySpan<byte> span, ref long line, string? file)
    {
        int pos = span.StartsWith("\uFEFF"u8) ? 3 : 0; // a UTF-8 byte order mark
        while (pos < span.Length)
        {
            int nl = span[pos..].IndexOf((byte)'\n');
            int next = nl < 0 ? span.Length : pos + nl + 1;
            line++;
            var text = span[pos..next];
            int tab = text.IndexOfAny((byte)'\t', (byte)'\r', (byte)'\n');
            if (Trim(tab < 0 ? text : text[..tab]).SequenceEqual("Column 1"u8))
            {
                return next;
            }

            pos = next;
        }

        if (file is not null)
        {
            NcciThrow.File(file, PtpMissingHeader);
        }

        return 0;
    }

    /// <summary>The values of the row before, as its bytes and what they were read as (codes and dates as the chunk's ids).</summary>
    private struct PtpLastRow
    {
        public ulong Column1Bytes, EffectiveBytes, DeletionBytes;
        public int Column1, Effective, EffectiveId, Deletion, DeletionId, Rationale;
        public PtpModifierIndicator Indicator;
        public bool Prior, Set;
    }

    /// <summary>
    /// A row whose bytes after column 2 are the row before's (read at fixed offsets, so they are whole and valid): its
    /// two codes (<paramref name="first11"/>: column 1, tab, column 2) read, the rest the row before's; <c>false</c>
    /// (nothing added) when a code is not one.
    /// </summary>
    private static bool TrySameTail(ReadOnlySpan<byte> first11, ref PtpLastRow last, PtpChunkWriter rows)
    {
        if (first11[5] != (byte)'\t' || !HcpcsCode.TryParseUtf8(first11.Slice(6, 5), out var code2))
        {
            return false;
        }

        ulong c1Bytes = BinaryPrimitives.ReadUInt32LittleEndian(first11) | ((ulong)first11[4] << 32);
        if (c1Bytes != last.Column1Bytes)
        {
            if (!HcpcsCode.TryParseUtf8(first11[..5], out var code1))
            {
                return false;
            }

            last.Column1 = rows.Code(code1.PackedValue);
            last.Column1Bytes = c1Bytes;
        }

        rows.Add(last.Column1, rows.Code(code2.PackedValue), last.EffectiveId, last.DeletionId, last.Indicator, last.Prior, last.Rationale);
        return true;
    }

    /// <summary>A row of CMS's exact shape, read at fixed offsets into the chunk; <c>false</c> for anything else (nothing thrown, nothing added).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // two million rows from the first: not through the first tier's code
    private static bool TryPtpRow(ReadOnlySpan<byte> l, ref PtpLastRow last, Utf8Pool rationales, DayCache days, PtpChunkWriter rows, string file, long line)
    {
        HcpcsCode code1 = default;
        // 5 + tab + 5 + tab + tab + 8 + tab + 1 + tab + 1: the shortest row (no prior flag, deletion '*', no rationale)
        if (l.Length < 25 || l[5] != (byte)'\t' || l[11] != (byte)'\t')
        {
            return false;
        }

        int c1 = -1;
        ulong c1Bytes = BinaryPrimitives.ReadUInt32LittleEndian(l) | ((ulong)l[4] << 32);
        bool c1Known = last.Set && c1Bytes == last.Column1Bytes;
        if (c1Known)
        {
            c1 = last.Column1;
        }
        else if (!HcpcsCode.TryParseUtf8(l[..5], out code1))
        {
            return false;
        }

        if (!HcpcsCode.TryParseUtf8(l.Slice(6, 5), out var code2))
        {
            return false;
        }

        int p = 12;
        bool prior = l[p] == (byte)'*';
        if (prior)
        {
            p++;
        }

        if (l[p] != (byte)'\t' || l.Length < p + 14)
        {
            return false;
        }

        p++;
        if (!TryDay(l.Slice(p, 8), last.Set, last.EffectiveBytes, last.Effective, days, out ulong effBytes, out int effective))
        {
            return false;
        }

        p += 8;
        if (l[p++] != (byte)'\t')
        {
            return false;
        }

        int deletion;
        ulong delBytes = 0;
        if (l[p] == (byte)'*')
        {
            deletion = DateOnly.MaxValue.DayNumber;
            p++;
        }
        else
        {
            if (l.Length < p + 11)
            {
                return false;
            }

            if (!TryDay(l.Slice(p, 8), last.Set, last.DeletionBytes, last.Deletion, days, out delBytes, out deletion) || deletion < effective)
            {
                return false;
            }

            p += 8;
        }

        if (l[p++] != (byte)'\t' || p >= l.Length)
        {
            return false;
        }

        byte ind = l[p++];
        if (ind is not ((byte)'0' or (byte)'1' or (byte)'9'))
        {
            return false;
        }

        int rationale;
        if (p == l.Length)
        {
            rationale = rationales.Index(default, file, line);
        }
        else
        {
            if (l[p++] != (byte)'\t')
            {
                return false;
            }

            var text = l[p..];
            if (last.Set && rationales.Is(last.Rationale, text))
            {
                rationale = last.Rationale;
            }
            else if (text.IsEmpty || text[0] == (byte)' ' || text[^1] == (byte)' ' || text.IndexOfAny((byte)'\t', (byte)'"', (byte)'\r') >= 0)
            {
                return false; // spaces to trim, another field, a quote or a stray carriage return: the general reader's
            }
            else
            {
                rationale = rationales.Index(text, file, line);
            }
        }

        // The row is whole: its codes and dates get the chunk's ids (only now: a row the general reader takes adds nothing here).
        if (!c1Known)
        {
            c1 = rows.Code(code1.PackedValue);
        }

        int effectiveId = last.Set && effective == last.Effective ? last.EffectiveId : rows.Day(effective);
        int deletionId = last.Set && deletion == last.Deletion ? last.DeletionId : rows.Day(deletion);
        rows.Add(c1, rows.Code(code2.PackedValue), effectiveId, deletionId, (PtpModifierIndicator)(ind - '0'), prior, rationale);
        last.Set = true;
        last.Column1Bytes = c1Bytes;
        last.Column1 = c1;
        last.EffectiveBytes = effBytes;
        last.Effective = effective;
        last.EffectiveId = effectiveId;
        last.DeletionBytes = delBytes;
        last.Deletion = deletion;
        last.DeletionId = deletionId;
        last.Rationale = rationale;
        last.Indicator = (PtpModifierIndicator)(ind - '0');
        last.Prior = prior;
        return true;
    }

    /// <summary>A yyyymmdd date's day number: the row before's when its 8 bytes are the same, else the slice's (each distinct date is parsed once).</summary>
    private static bool TryDay(ReadOnlySpan<byte> eight, bool set, ulong lastBytes, int lastDay, DayCache days, out ulong bytes, out int day)
    {
        bytes = BinaryPrimitives.ReadUInt64LittleEndian(eight);
        if (set && bytes == lastBytes)
        {
            day = lastDay;
            return true;
        }

        return days.TryGet(bytes, out day);
    }

    /// <summary>One row through CsvHelper (the general reader): every field checked, every error worded.</summary>
    private static void PtpRecord(CsvReader r, long line, string file, bool values, Utf8Pool rationales, PtpChunkWriter into)
    {
        var first = Trim(r.GetSpan(0));
        if (first.IsEmpty)
        {
            return; // the header's continuation lines
        }

        if (r.FieldCount < 6)
        {
            NcciThrow.Line(file, line, $"expected 7 tab-separated fields of a PTP edit (column 1, column 2, prior-1996 flag, effective, deletion, modifier indicator, rationale); found {r.FieldCount}");
        }

        var c1 = Code(r, 0, file, line, PtpColumns[0], values);
        var c2 = Code(r, 1, file, line, PtpColumns[1], values);

        var prior = Trim(r.GetSpan(2));
        if (!(prior.IsEmpty || prior.SequenceEqual("*"u8)))
        {
            NcciThrow.Field(file, line, 3, PtpColumns[2], r.GetSpan(2), values, "expected '*' or nothing");
        }

        if (!TryDate(Trim(r.GetSpan(3)), out var effective))
        {
            NcciThrow.Field(file, line, 4, PtpColumns[3], r.GetSpan(3), values, "expected a date written yyyymmdd");
        }

        var del = Trim(r.GetSpan(4));
        DateOnly? deletion = null;
        if (!del.SequenceEqual("*"u8))
        {
            if (!TryDate(del, out var d))
            {
                NcciThrow.Field(file, line, 5, PtpColumns[4], r.GetSpan(4), values, "expected a date written yyyymmdd, or '*' for no deletion");
            }

            if (d < effective)
            {
                NcciThrow.Field(file, line, 5, PtpColumns[4], r.GetSpan(4), values, "expected a deletion date on or after the effective date");
            }

            deletion = d;
        }

        var ind = Trim(r.GetSpan(5));
        if (ind.Length != 1 || ind[0] is not ((byte)'0' or (byte)'1' or (byte)'9'))
        {
            NcciThrow.Field(file, line, 6, PtpColumns[5], r.GetSpan(5), values, "expected a modifier indicator 0, 1 or 9");
        }

        int rationale = rationales.Index(r.FieldCount > 6 ? Trim(r.GetSpan(6)) : default, file, line);
        into.Add(into.Code(c1.PackedValue), into.Code(c2.PackedValue), into.Day(effective.DayNumber), into.Day((deletion ?? DateOnly.MaxValue).DayNumber), (PtpModifierIndicator)(ind[0] - '0'), !prior.IsEmpty, rationale);
    }
}
