using System.Text;

namespace MedPayIQ.Cli.Reprice;

/// <summary>
/// Rows of a claim file as read, not yet parsed: for each row the UTF-8 text of every known column (empty when the
/// file has no such column), its line in the file and the error the reader found in it (a wrong field count, a claim
/// whose rows are not consecutive), grouped by claim (a claim's rows are never split across batches). The reader
/// fills a batch; a worker parses, prices and formats it. Batches are reused: <see cref="Clear"/> keeps the arrays.
/// Only the columns the file has are stored (<see cref="StoreColumns"/>): a file of 8 of the 18 columns adds 8 fields a row.
/// </summary>
internal sealed class RowBatch
{
    /// <summary>The known columns a row holds (<see cref="ClaimFileReader.Columns"/>).</summary>
    public static readonly int Fields = ClaimFileReader.Columns.Length;

    /// <summary>Which known columns a batch stores, and where in a row: made once for a file, shared by its batches.</summary>
    internal sealed class Layout
    {
        private Layout(int[] stored, int width) => (Stored, Width) = (stored, width);

        /// <summary>Every known column, in order.</summary>
        public static Layout All { get; } = new([.. Enumerable.Range(0, Fields)], Fields);

        /// <summary>Each known column's place among a row's stored fields, -1 when not stored.</summary>
        public int[] Stored { get; }

        /// <summary>The fields stored a row.</summary>
        public int Width { get; }

        /// <summary>The known columns <paramref name="present"/> marks, in the order of <see cref="ClaimFileReader.Columns"/>.</summary>
        public static Layout Of(ReadOnlySpan<bool> present)
        {
            var stored = new int[Fields];
            int width = 0;
            for (int c = 0; c < Fields; c++)
            {
                stored[c] = present[c] ? width++ : -1;
            }

            return new Layout(stored, width);
        }
    }

    private byte[] _bytes = new byte[1 << 15];
    private int _length;
    private int[] _stored = Layout.All.Stored; // the layout's, read on every field
    private int _width = Fields;
    private int[] _ends = new int[Fields * 64];
    private long[] _lines = new long[64];
    private string?[] _errors = new string?[64];
    private int[] _claimStarts = new int[16];
    private string[] _claimIds = new string[16];
    private int _field;

    /// <summary>What the batch belongs to (the job of the pipeline that fills it), for its owner to find it.</summary>
    public object? Owner { get; set; }

    /// <summary>The rows in the batch.</summary>
    public int Rows { get; private set; }

    /// <summary>The claims in the batch.</summary>
    public int Claims { get; private set; }

    /// <summary>The bytes the rows' fields take (to cut batches by size as well as by claims).</summary>
    public int Bytes => _length;

    /// <summary>Empties the batch, keeping its arrays; every column stored again until <see cref="StoreColumns"/>.</summary>
    public void Clear()
    {
        (_stored, _width) = (Layout.All.Stored, Layout.All.Width);
        _length = 0;
        Rows = 0;
        Claims = 0;
        _field = 0;
        Array.Clear(_errors);
    }

    /// <summary>
    /// Stores only the known columns of <paramref name="layout"/> (the others read as empty): the fields added to a row
    /// from here on are those columns, in the order of <see cref="ClaimFileReader.Columns"/>. The batch must be empty.
    /// </summary>
    public void StoreColumns(Layout layout)
    {
        if (Rows > 0 || _field > 0)
        {
            throw new InvalidOperationException("a batch's columns are set before its first row");
        }

        (_stored, _width) = (layout.Stored, layout.Width);
    }

    /// <summary>Starts a claim: the rows added next are its rows.</summary>
    public void StartClaim(string id)
    {
        if (Claims + 1 >= _claimStarts.Length)
        {
            Array.Resize(ref _claimStarts, _claimStarts.Length * 2);
            Array.Resize(ref _claimIds, _claimIds.Length * 2);
        }

        _claimIds[Claims] = id;
        _claimStarts[Claims++] = Rows;
    }

    /// <summary>Appends the next field of the row being added (the stored columns, in the order of <see cref="ClaimFileReader.Columns"/>).</summary>
    public void AddField(ReadOnlySpan<byte> value)
    {
        if (_length + value.Length > _bytes.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _length + value.Length));
        }

        value.CopyTo(_bytes.AsSpan(_length));
        _length += value.Length;
        int slot = NextSlot(); // before _ends is read: the call may grow it
        _ends[slot] = _length;
    }

    /// <summary>Appends an empty field to the row being added (a stored column the row has no field for).</summary>
    public void AddEmpty()
    {
        int slot = NextSlot(); // before _ends is read: the call may grow it
        _ends[slot] = _length;
    }

    /// <summary>The end slot of the next field of the row being added (the slots grown when full).</summary>
    private int NextSlot()
    {
        int slot = (Rows * _width) + _field++;
        if (slot >= _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        return slot;
    }

    /// <summary>Appends the next field of the row being added, as UTF-8.</summary>
    public void AddField(ReadOnlySpan<char> value)
    {
        Span<byte> utf8 = value.Length <= 128 ? stackalloc byte[value.Length * 3] : new byte[Encoding.UTF8.GetMaxByteCount(value.Length)];
        AddField(utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
    }

    /// <summary>Ends the row being added (its missing fields empty): its line in the file and the reader's error, if any.</summary>
    public void EndRow(long line, string? error)
    {
        while (_field < _width)
        {
            AddEmpty();
        }

        if (Rows == _lines.Length)
        {
            Array.Resize(ref _lines, _lines.Length * 2);
            Array.Resize(ref _errors, _errors.Length * 2);
        }

        _lines[Rows] = line;
        _errors[Rows] = error;
        Rows++;
        _field = 0;
    }

    /// <summary>The text of <paramref name="column"/> in row <paramref name="row"/>, as read (not trimmed); empty when not stored.</summary>
    public ReadOnlySpan<byte> Field(int row, int column)
    {
        int place = _stored[column];
        if (place < 0)
        {
            return default;
        }

        int slot = (row * _width) + place;
        int start = slot == 0 ? 0 : _ends[slot - 1];
        return _bytes.AsSpan(start, _ends[slot] - start);
    }

    /// <summary>The line in the file of row <paramref name="row"/>.</summary>
    public long Line(int row) => _lines[row];

    /// <summary>The error the reader found in row <paramref name="row"/>, if any.</summary>
    public string? Error(int row) => _errors[row];

    /// <summary>The id of claim <paramref name="claim"/>.</summary>
    public string ClaimId(int claim) => _claimIds[claim];

    /// <summary>The rows of claim <paramref name="claim"/>: from <c>Start</c> to before <c>End</c>.</summary>
    public (int Start, int End) ClaimRows(int claim) => (_claimStarts[claim], claim + 1 < Claims ? _claimStarts[claim + 1] : Rows);
}
