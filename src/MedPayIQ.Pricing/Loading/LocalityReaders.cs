using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text;
using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>Readers of the GPCI, LOCCO, ANES and OPPSCAP CSV files and the ZIP5 fixed-width file.</summary>
internal static partial class LocalityReaders
{
    private static string Text(ReadOnlySpan<byte> s) => Encoding.UTF8.GetString(CmsFields.Trim(s));

    private static LocalityKey Key(CsvReader r, int carrierField, int localityField, string file, long line, bool includeValues)
    {
        if (!CmsFields.TryDigits(r.GetSpan(carrierField), 5, out int carrier))
        {
            FeeScheduleThrow.Field(new FieldContext(file, line, carrierField + 1, "CARRIER", includeValues), r.GetSpan(carrierField), "expected a MAC/carrier number of up to five digits");
        }

        if (!CmsFields.TryDigits(r.GetSpan(localityField), 2, out int locality))
        {
            FeeScheduleThrow.Field(new FieldContext(file, line, localityField + 1, "LOCALITY", includeValues), r.GetSpan(localityField), "expected a locality number of up to two digits");
        }

        return new LocalityKey(carrier, locality);
    }

    private static void RequireFields(CsvReader r, int count, string file, string what, bool includeValues)
    {
        if (r.FieldCount < count)
        {
            FeeScheduleThrow.Line(file, r.LineNumber, r.Current.RawRecord, includeValues, $"expected {count} fields of a {what} row, found {r.FieldCount}");
        }
    }

    private static bool StartsWithDigit(ReadOnlySpan<byte> s) => CmsFields.Trim(s) is [>= (byte)'0' and <= (byte)'9', ..];

    private static T Guard<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException ex)
        {
            FeeScheduleThrow.Line(file, ex.LineNumber, "the CSV is malformed: " + ex.Message, ex);
            throw;
        }
    }

    private static void Duplicate(Dictionary<int, long> seen, LocalityKey key, string file, long line)
    {
        if (!seen.TryAdd(key.Packed, line))
        {
            FeeScheduleThrow.Duplicate(file, line, $"locality {key}", seen[key.Packed]);
        }
    }

    /// <summary>GPCI20xx.csv: title, blank, header, one row per locality, then footnotes.</summary>
    public static LocalityTable ReadGpci(string file, ReadOnlyMemory<byte> content, bool includeValues) => Guard(file, () =>
    {
        using var r = CmsCsv.Open(content, includeValues);
        int year = 0;
        bool header = false, any = false;
        // Columns of the PW (floored), PE and MP GPCIs, and of the PW GPCI without the 1.0 floor when the file has it:
        // the RVU26A copy of GPCI2026.csv has 8 columns (PW without and with the floor), the Addendum E copy 7.
        int pwField = 4, peField = 5, mpField = 6, unflooredField = -1, fields = 7;
        var rows = new List<(LocalityKey Key, string State, string Name, string Markers, int W, int P, int M, int? Unfloored)>(120);
        var notes = new List<string>();
        var seen = new Dictionary<int, long>();
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            var first = CmsFields.Trim(r.GetSpan(0));
            if (!header)
            {
                if (first.StartsWith("Medicare Administrative Contractor"u8) || first.StartsWith("Medicare Adminstrative Contractor"u8))
                {
                    header = true;
                    RequireFields(r, 7, file, "GPCI header", includeValues);
                    (pwField, peField, mpField, unflooredField) = GpciColumns(r, file, line, includeValues);
                    fields = Math.Max(Math.Max(pwField, peField), Math.Max(mpField, unflooredField)) + 1;
                    var pw = CmsFields.Trim(r.GetSpan(pwField));
                    if (pw.Length >= 4 && CmsFields.TryDigits(pw[..4], 4, out int y))
                    {
                        year = y;
                    }
                }

                continue;
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            if (!StartsWithDigit(first))
            {
                notes.Add(Text(first));
                continue;
            }

            RequireFields(r, fields, file, "GPCI", includeValues);
            var key = Key(r, 0, 2, file, line, includeValues);
            Duplicate(seen, key, file, line);
            var state = CmsFields.Trim(r.GetSpan(1));
            if (state.Length != 2)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 2, "State", includeValues), state, "expected a two-letter state code");
            }

            var name = CmsFields.Trim(r.GetSpan(3));
            int stars = 0;
            while (stars < name.Length && name[name.Length - 1 - stars] == (byte)'*')
            {
                stars++;
            }

            rows.Add((key, Text(state), Text(name[..^stars]), new string('*', stars),
                Gpci(r, pwField, "PW GPCI", file, line, includeValues), Gpci(r, peField, "PE GPCI", file, line, includeValues), Gpci(r, mpField, "MP GPCI", file, line, includeValues),
                unflooredField < 0 ? null : Gpci(r, unflooredField, "PW GPCI (without 1.0 Floor)", file, line, includeValues)));
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected the CMS GPCI CSV");
        }

        if (!header)
        {
            FeeScheduleThrow.File(file, "no GPCI header row (Medicare Administrative Contractor (MAC),State,Locality Number,...) was found");
        }

        if (rows.Count == 0)
        {
            FeeScheduleThrow.File(file, "the GPCI file has a header but no localities");
        }

        var localities = rows.Select(x => new Locality(x.Key, x.State, x.Name, x.W, x.P, x.M,
            x.Markers.Length == 0 ? [] : [.. notes.Where(n => n.StartsWith(x.Markers, StringComparison.Ordinal) && !n.StartsWith(x.Markers + "*", StringComparison.Ordinal))])
        {
            WorkGpciWithoutFloorThousandths = x.Unfloored,
        }).ToArray();
        return new LocalityTable(localities, year, [.. notes]);
    });

    /// <summary>
    /// The GPCI columns, by their headers: "PW GPCI (with 1.0 Floor)" (or "PW GPCI" alone), "PE GPCI", "MP GPCI", and
    /// "PW GPCI (without 1.0 Floor)" when present (-1 when not). A header that names none of them is refused.
    /// </summary>
    private static (int Pw, int Pe, int Mp, int Unfloored) GpciColumns(CsvReader r, string file, long line, bool includeValues)
    {
        int pw = -1, pe = -1, mp = -1, unfloored = -1;
        for (int i = 4; i < r.FieldCount; i++)
        {
            var h = Text(r.GetSpan(i)).ToUpperInvariant();
            if (h.Contains("PW GPCI", StringComparison.Ordinal))
            {
                if (h.Contains("WITHOUT", StringComparison.Ordinal))
                {
                    unfloored = i;
                }
                else if (pw < 0)
                {
                    pw = i;
                }
            }
            else if (h.Contains("PE GPCI", StringComparison.Ordinal) && pe < 0)
            {
                pe = i;
            }
            else if (h.Contains("MP GPCI", StringComparison.Ordinal) && mp < 0)
            {
                mp = i;
            }
        }

        if (pw < 0 || pe < 0 || mp < 0)
        {
            FeeScheduleThrow.Line(file, line, r.Current.RawRecord, includeValues,
                $"expected the GPCI header to name a PW GPCI (with 1.0 Floor), a PE GPCI and an MP GPCI column{(pw < 0 && unfloored >= 0 ? "; it names the PW GPCI without the floor only" : string.Empty)}");
        }

        return (pw, pe, mp, unfloored);
    }

    private static int Gpci(CsvReader r, int field, string name, string file, long line, bool includeValues)
        => CmsFields.Scaled(r.GetSpan(field), 3, new FieldContext(file, line, field + 1, name, includeValues));

    /// <summary>xxLOCCO.csv: locality to counties, zeros stripped, state carried down, blank separator rows.</summary>
    public static LocalityCountyTable ReadLocco(string file, ReadOnlyMemory<byte> content, bool includeValues) => Guard(file, () =>
    {
        using var r = CmsCsv.Open(content, includeValues);
        bool header = false, any = false;
        string state = string.Empty;
        var rows = new List<LocalityCounties>(200);
        var notes = new List<string>();
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            var first = CmsFields.Trim(r.GetSpan(0));
            if (!header)
            {
                header = first.StartsWith("Medicare Adminstrative Contractor"u8) || first.StartsWith("Medicare Administrative Contractor"u8);
                continue;
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            if (!StartsWithDigit(first))
            {
                notes.Add(Text(first));
                continue;
            }

            RequireFields(r, 5, file, "LOCCO", includeValues);
            var key = Key(r, 0, 1, file, line, includeValues);
            var st = CmsFields.Trim(r.GetSpan(2));
            if (!st.IsEmpty)
            {
                state = Text(st);
            }
            else if (state.Length == 0)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 3, "State", includeValues), st, "expected the state name on the first row of a state");
            }

            var counties = new StringBuilder(Text(r.GetSpan(4)));
            for (int i = 5; i < r.FieldCount; i++)
            {
                // An unquoted county list that holds commas spills into further fields.
                var more = CmsFields.Trim(r.GetSpan(i));
                if (!more.IsEmpty)
                {
                    counties.Append(", ").Append(Encoding.UTF8.GetString(more));
                }
            }

            rows.Add(new LocalityCounties(key, state, Text(r.GetSpan(3)), counties.ToString()));
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected the CMS LOCCO CSV");
        }

        if (!header || rows.Count == 0)
        {
            FeeScheduleThrow.File(file, "no LOCCO header row (Medicare Adminstrative Contractor,Locality Number,State,...) or no rows under it");
        }

        return new LocalityCountyTable([.. rows], [.. notes]);
    });

    /// <summary>OPPSCAP_xxx.csv: HCPCS,MOD,PROCSTAT,CARRIER,LOCALITY,FACILITY PRICE,NON-FACILTY PRICE.</summary>
    public static OppsCapTable ReadOppsCap(string file, ReadOnlyMemory<byte> content, bool includeValues) => Guard(file, () =>
    {
        using var r = CmsCsv.Open(content, includeValues);
        bool header = false, any = false;
        var rows = new List<OppsCapEntry>(16_200);
        var index = new Dictionary<long, int>(16_200);
        var lines = new List<long>(16_200);
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            if (!header)
            {
                if (CmsFields.Trim(r.GetSpan(0)).SequenceEqual("HCPCS"u8))
                {
                    header = true;
                    RequireFields(r, 7, file, "OPPSCAP header", includeValues);
                    continue;
                }

                FeeScheduleThrow.Line(file, line, r.Current.RawRecord, includeValues, "expected the OPPSCAP header HCPCS,MOD,PROCSTAT,CARRIER,LOCALITY,FACILITY PRICE,NON-FACILTY PRICE");
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            RequireFields(r, 7, file, "OPPSCAP", includeValues);
            var code = CmsFields.Hcpcs(r.GetSpan(0), new FieldContext(file, line, 1, "HCPCS", includeValues));
            var mod = CmsFields.Modifier(r.GetSpan(1), new FieldContext(file, line, 2, "MOD", includeValues));
            var status = CmsFields.Status(r.GetSpan(2), new FieldContext(file, line, 3, "PROCSTAT", includeValues));
            var key = Key(r, 3, 4, file, line, includeValues);
            int f = CmsFields.Scaled(r.GetSpan(5), 2, new FieldContext(file, line, 6, "FACILITY PRICE", includeValues));
            int nf = CmsFields.Scaled(r.GetSpan(6), 2, new FieldContext(file, line, 7, "NON-FACILTY PRICE", includeValues));
            long k = OppsCapTable.Key(code, mod, key);
            if (!index.TryAdd(k, rows.Count))
            {
                FeeScheduleThrow.Duplicate(file, line, $"HCPCS {code} modifier '{mod}' locality {key}", lines[index[k]]);
            }

            rows.Add(new OppsCapEntry(code, mod, status, key, f, nf));
            lines.Add(line);
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected the CMS OPPSCAP CSV");
        }

        if (rows.Count == 0)
        {
            // An empty cap table would silently price every imaging service above its OPPS cap.
            FeeScheduleThrow.File(file, "the OPPSCAP file has a header but no rows (cut short?)");
        }

        return new OppsCapTable([.. rows], index.ToFrozenDictionary());
    });

    /// <summary>ZIP5_xxx.txt: fixed width, 80 characters, no header (layout ZIP5lyout.txt).</summary>
    public static ZipLocalityTable ReadZip5(string file, ReadOnlyMemory<byte> content, bool includeValues)
    {
        var rows = new List<ZipLocality>(43_000);
        var seen = new int[100_000];
        bool any = false;
        foreach (var (line, number) in new LineEnumerator(content.Span))
        {
            any = true;
            if (line.IsEmpty || line is [0x1A])
            {
                continue;
            }

            if (line.Length < 80)
            {
                FeeScheduleThrow.Line(file, number, line, includeValues, $"expected a ZIP5 record of 80 characters, found {line.Length}");
            }

            var state = line[..2];
            if (!IsUpper(state[0]) || !IsUpper(state[1]))
            {
                FeeScheduleThrow.Field(new FieldContext(file, number, 1, "State", includeValues), state, "expected a two-letter state code");
            }

            if (!CmsFields.TryDigits(line.Slice(2, 5), 5, out int zip) || CmsFields.Trim(line.Slice(2, 5)).Length != 5)
            {
                FeeScheduleThrow.Field(new FieldContext(file, number, 3, "Zip Code", includeValues), line.Slice(2, 5), "expected a five-digit ZIP code");
            }

            if (!CmsFields.TryDigits(line.Slice(7, 5), 5, out int carrier))
            {
                FeeScheduleThrow.Field(new FieldContext(file, number, 8, "Carrier", includeValues), line.Slice(7, 5), "expected a five-digit carrier number");
            }

            if (!CmsFields.TryDigits(line.Slice(12, 2), 2, out int locality))
            {
                FeeScheduleThrow.Field(new FieldContext(file, number, 13, "Pricing Locality", includeValues), line.Slice(12, 2), "expected a two-digit locality");
            }

            var rural = line[14] switch
            {
                (byte)' ' => RuralIndicator.Urban,
                (byte)'R' => RuralIndicator.Rural,
                (byte)'B' => RuralIndicator.SuperRural,
                _ => Invalid(file, number, line.Slice(14, 1), includeValues),
            };
            bool plusFour = line[20] switch
            {
                (byte)'0' or (byte)' ' => false,
                (byte)'1' => true,
                _ => InvalidPlusFour(file, number, line.Slice(20, 1), includeValues),
            };
            CmsFields.TryDigits(line.Slice(75, 5), 5, out int yearQuarter);
            if (seen[zip] != 0)
            {
                FeeScheduleThrow.Duplicate(file, number, $"ZIP code {zip:D5}", seen[zip]);
            }

            seen[zip] = (int)number;
            rows.Add(new ZipLocality(zip, (ushort)((state[0] << 8) | state[1]), new LocalityKey(carrier, locality), rural, plusFour, yearQuarter));
        }

        if (!any || rows.Count == 0)
        {
            FeeScheduleThrow.File(file, "the file is empty or blank; expected the CMS ZIP5 file");
        }

        return new ZipLocalityTable([.. rows]);
    }

    private static bool IsUpper(byte b) => b is >= (byte)'A' and <= (byte)'Z';

    private static bool InvalidPlusFour(string file, long line, ReadOnlySpan<byte> value, bool includeValues)
    {
        FeeScheduleThrow.Field(new FieldContext(file, line, 21, "Plus Four Flag", includeValues), value, "expected 0 or 1");
        return default;
    }

    private static RuralIndicator Invalid(string file, long line, ReadOnlySpan<byte> value, bool includeValues)
    {
        FeeScheduleThrow.Field(new FieldContext(file, line, 15, "Rural Indicator", includeValues), value, "expected blank, R or B");
        return default;
    }
}
