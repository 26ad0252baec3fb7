using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>The row readers, over CsvHelper's span API on the file's UTF-8 bytes.</summary>
internal static partial class NcciReaders
{
    private static readonly string[] AocColumns = ["AOC_Edit_Type", "Add-On_Code", "AOC_DelDT", "Primary_Code", "Primary_Code_DelDT", "AOC_Edit_EffDT", "AOC_Edit_DelDT", "Special_Instruction_Notes"];
    private static readonly string[] MueColumns = ["HCPCS/CPT Code", "MUE Values", "MUE Adjudication Indicator", "MUE Rationale"];

    private static CsvReader Open(ReadOnlyMemory<byte> bytes, char separator, bool lineBreaksInQuotes)
        => CsvReader.Create(bytes, new CsvReaderOptions
        {
            HasHeader = false,
            Separator = separator,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = lineBreaksInQuotes,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = 1 << 20,
        });

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Trim((byte)' ');

    /// <summary>
    /// The records of a CMS NCCI file after its header: everything before the record <paramref name="isHeader"/>
    /// accepts (copyright, title, notice) is skipped, every later record goes to <paramref name="row"/> with its line;
    /// CsvHelper's errors and a missing header become <see cref="NcciFormatException"/>.
    /// </summary>
    private static void Records(byte[] bytes, string file, char separator, bool lineBreaksInQuotes, string missingHeader,
        Func<CsvReader, long, bool> isHeader, Action<CsvReader, long> row)
        => Records(bytes, 0, file, separator, lineBreaksInQuotes, missingHeader, isHeader, row);

    /// <summary>
    /// The records of a slice of a file: <paramref name="linesBefore"/> is the number of lines before the slice (0 for
    /// the file's start); a slice after the start is all rows (its file's header came in the first slice).
    /// </summary>
    private static void Records(ReadOnlyMemory<byte> bytes, long linesBefore, string file, char separator, bool lineBreaksInQuotes, string missingHeader,
        Func<CsvReader, long, bool> isHeader, Action<CsvReader, long> row)
    {
        using var r = Open(bytes, separator, lineBreaksInQuotes);
        bool header = linesBefore > 0;
        try
        {
            while (r.Read())
            {
                if (header)
                {
                    row(r, linesBefore + r.LineNumber);
                }
                else
                {
                    header = isHeader(r, r.LineNumber);
                }
            }
        }
        catch (CsvFormatException ex)
        {
            NcciThrow.File(file, $"line {linesBefore + ex.LineNumber}: {ex.Message}", ex);
        }

        if (!header)
        {
            NcciThrow.File(file, missingHeader);
        }
    }

    /// <summary>A HCPCS code field, or the exception that names it.</summary>
    private static HcpcsCode Code(CsvReader r, int field, string file, long line, string column, bool values)
    {
        if (!HcpcsCode.TryParseUtf8(Trim(r.GetSpan(field)), out var code))
        {
            NcciThrow.Field(file, line, field + 1, column, r.GetSpan(field), values, "expected a HCPCS code of five letters or digits");
        }

        return code;
    }

    public static MueEntry[] Mue(byte[] bytes, string file, NcciTableKind kind, bool values)
    {
        var entries = new List<MueEntry>(bytes.Length / 40);
        var rationales = new Dictionary<string, string>(StringComparer.Ordinal);
        var seen = new HashSet<int>();
        Records(bytes, file, ',', lineBreaksInQuotes: true, "expected CMS's MUE header (\"HCPCS/CPT Code\", ... MUE Values, MUE Adjudication Indicator, MUE Rationale); this is not an MUE file",
            isHeader: (r, line) =>
            {
                var first = Trim(r.GetSpan(0));
                bool header = false;
                // The AMA notice (one quoted multi-line cell) comes first; the header's first cell is "HCPCS/<line break>CPT Code".
                if (first.StartsWith("HCPCS"u8))
                {
                    header = true;
                    string setting = r.FieldCount > 1 ? Encoding.UTF8.GetString(r.GetSpan(1)) : "";
                    var expected = kind switch
                    {
                        NcciTableKind.MuePractitioner => "Practitioner",
                        NcciTableKind.MueDme => "DME",
                        _ => "Outpatient Hospital",
                    };
                    if (!setting.Contains(expected, StringComparison.OrdinalIgnoreCase))
                    {
                        NcciThrow.Field(file, line, 2, "MUE Values", r.GetSpan(1), values, $"expected the {expected} Services MUE Values header the file name announces");
                    }
                }

                return header;
            },
            row: (r, line) =>
            {
                var first = Trim(r.GetSpan(0));
                if (r.FieldCount < 3)
                {
                    NcciThrow.Line(file, line, $"expected 4 fields of an MUE row (code, MUE value, adjudication indicator, rationale); found {r.FieldCount}");
                }

                var code = Code(r, 0, file, line, MueColumns[0], values);

                if (!seen.Add(code.PackedValue))
                {
                    NcciThrow.Field(file, line, 1, MueColumns[0], r.GetSpan(0), values, "expected each code once; this one is repeated");
                }

                if (!System.Buffers.Text.Utf8Parser.TryParse(Trim(r.GetSpan(1)), out int value, out int used) || used != Trim(r.GetSpan(1)).Length || value < 0)
                {
                    NcciThrow.Field(file, line, 2, MueColumns[1], r.GetSpan(1), values, "expected a whole number of units");
                }

                var mai = Trim(r.GetSpan(2));
                if (mai.IsEmpty || mai[0] is not ((byte)'1' or (byte)'2' or (byte)'3') || (mai.Length > 1 && mai[1] != (byte)' '))
                {
                    NcciThrow.Field(file, line, 3, MueColumns[2], r.GetSpan(2), values, "expected an adjudication indicator starting 1, 2 or 3 (\"1 Line Edit\", \"2 Date of Service Edit: Policy\", \"3 Date of Service Edit: Clinical\")");
                }

                string rationale = r.FieldCount > 3 ? Intern(rationales, Encoding.UTF8.GetString(Trim(r.GetSpan(3)))) : string.Empty;
                entries.Add(new MueEntry(code, value, (MueAdjudication)(mai[0] - '0'), rationale));
            });

        RequireRows(entries.Count, file, "MUE rows");
        return [.. entries];
    }

    public static AddOnEdit[] AddOns(byte[] bytes, string file, bool values)
    {
        var edits = new List<AddOnEdit>(bytes.Length / 30);
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        Records(bytes, file, ',', lineBreaksInQuotes: true, "expected CMS's add-on code edit header (AOC_Edit_Type,Add-On_Code,...); this is not an add-on code edit file",
            isHeader: (r, _) => Trim(r.GetSpan(0)).SequenceEqual("AOC_Edit_Type"u8),
            row: (r, line) =>
            {
                var first = Trim(r.GetSpan(0));
                if (r.FieldCount < 6)
                {
                    NcciThrow.Line(file, line, $"expected at least 6 fields of an add-on code edit (type, add-on code, its deletion date, primary code, its deletion date, effective date); found {r.FieldCount}");
                }

                if (first.Length != 1 || first[0] is not ((byte)'1' or (byte)'2' or (byte)'3'))
                {
                    NcciThrow.Field(file, line, 1, AocColumns[0], r.GetSpan(0), values, "expected an edit type 1, 2 or 3");
                }

                var addOn = Code(r, 1, file, line, AocColumns[1], values);

                var primaryText = Trim(r.GetSpan(3));
                HcpcsCode primary = default;
                if (!primaryText.SequenceEqual("CCCCC"u8) && !HcpcsCode.TryParseUtf8(primaryText, out primary))
                {
                    NcciThrow.Field(file, line, 4, AocColumns[3], r.GetSpan(3), values, "expected a HCPCS code, or CCCCC for contractor-defined primaries");
                }

                var type = (AddOnEditType)(first[0] - '0');
                if (type == AddOnEditType.ContractorPrimaries ? primary.IsSome : type == AddOnEditType.ListedPrimaries && !primary.IsSome)
                {
                    NcciThrow.Field(file, line, 4, AocColumns[3], r.GetSpan(3), values, "expected CCCCC on type 2 edits and a listed primary code on type 1 edits");
                }

                var addOnDeleted = OptionalJulian(r, 2, file, line, values);
                var primaryDeleted = OptionalJulian(r, 4, file, line, values);
                var effective = OptionalJulian(r, 5, file, line, values) ?? Fail(r, 5, file, line, values);
                var deleted = r.FieldCount > 6 ? OptionalJulian(r, 6, file, line, values) : null;
                string note = r.FieldCount > 7 ? Intern(notes, Encoding.UTF8.GetString(Trim(r.GetSpan(7)))) : string.Empty;
                edits.Add(new AddOnEdit(type, addOn, addOnDeleted, primary, primaryDeleted, effective, deleted, note));
            });

        RequireRows(edits.Count, file, "add-on code edits");
        return [.. edits];
    }

    /// <summary>CMS's tables are never empty: a header with nothing under it is a file cut short, not a table without edits.</summary>
    private static void RequireRows(int count, string file, string what)
    {
        if (count == 0)
        {
            NcciThrow.File(file, $"has CMS's header but no {what} under it; expected the whole table (the file is cut short?)");
        }
    }

    private static DateOnly Fail(CsvReader r, int field, string file, long line, bool values)
    {
        NcciThrow.Field(file, line, field + 1, AocColumns[field], r.GetSpan(field), values, "expected a Julian date written yyyyddd");
        return default;
    }

    private static DateOnly? OptionalJulian(CsvReader r, int field, string file, long line, bool values)
    {
        var text = Trim(r.GetSpan(field));
        if (text.IsEmpty)
        {
            return null;
        }

        int yyyyddd = 0, used = 0;
        if (text.Length != 7 || !System.Buffers.Text.Utf8Parser.TryParse(text, out yyyyddd, out used) || used != 7
            || yyyyddd / 1000 is < 1900 or > 2999 || yyyyddd % 1000 is < 1 || yyyyddd % 1000 > (DateTime.IsLeapYear(yyyyddd / 1000) ? 366 : 365))
        {
            NcciThrow.Field(file, line, field + 1, AocColumns[field], r.GetSpan(field), values, "expected a Julian date written yyyyddd (2013091 = 2013-04-01)");
        }

        return new DateOnly(yyyyddd / 1000, 1, 1).AddDays((yyyyddd % 1000) - 1);
    }

    private static bool TryDate(ReadOnlySpan<byte> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 8 || !System.Buffers.Text.Utf8Parser.TryParse(text, out int yyyymmdd, out int used) || used != 8)
        {
            return false;
        }

        int y = yyyymmdd / 10000, m = yyyymmdd / 100 % 100, d = yyyymmdd % 100;
        if (y is < 1900 or > 2999 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            return false;
        }

        date = new DateOnly(y, m, d);
        return true;
    }

    /// <summary>The few distinct texts of a column (CMS's rationales), each made a string once: a row compares bytes, allocates nothing.</summary>
    private sealed class Utf8Pool
    {
        private byte[][] _utf8 = new byte[16][];
        private string[] _texts = new string[16];
        private int _count;
        private readonly Dictionary<string, string> _many = new(StringComparer.Ordinal);

        /// <summary>The text's index in <see cref="Texts"/> (at most 256 distinct texts: a PTP table holds 32 rationales).</summary>
        public int Index(ReadOnlySpan<byte> utf8, string file, long line)
        {
            int found = Find(utf8);
            if (found >= 0)
            {
                return found;
            }

            if (_count == 256)
            {
                NcciThrow.Line(file, line, $"expected at most {PtpTable.MaxRationales} distinct PTP edit rationales; this part of the file already has 256");
            }

            return Add(utf8, Encoding.UTF8.GetString(utf8));
        }

        /// <summary>Whether text <paramref name="index"/> is these bytes.</summary>
        public bool Is(int index, ReadOnlySpan<byte> utf8) => (uint)index < (uint)_count && utf8.SequenceEqual(_utf8[index]);

        public string[] Texts() => _texts[.._count];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            int found = Find(utf8);
            if (found >= 0)
            {
                return _texts[found];
            }

            string s = Encoding.UTF8.GetString(utf8);
            if (_count < 64)
            {
                Add(utf8, s);
                return s;
            }

            return Intern(_many, s);
        }

        /// <summary>The index of the text of these bytes, or -1 (lengths compared before bytes: CMS's texts differ in length).</summary>
        private int Find(ReadOnlySpan<byte> utf8)
        {
            var all = _utf8;
            for (int i = 0; i < _count; i++)
            {
                var bytes = all[i];
                if (bytes.Length == utf8.Length && utf8.SequenceEqual(bytes))
                {
                    return i;
                }
            }

            return -1;
        }

        private int Add(ReadOnlySpan<byte> utf8, string text)
        {
            if (_count == _utf8.Length)
            {
                Array.Resize(ref _utf8, _count * 2);
                Array.Resize(ref _texts, _count * 2);
            }

            _utf8[_count] = utf8.ToArray();
            _texts[_count] = text;
            return _count++;
        }
    }

    private static string Intern(Dictionary<string, string> pool, string text)
    {
        if (!pool.TryGetValue(text, out var shared))
        {
            pool[text] = shared = text;
        }

        return shared;
    }
}
