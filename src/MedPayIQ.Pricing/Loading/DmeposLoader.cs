using System.Text;

namespace MedPayIQ.Pricing;

/// <summary>
/// Loads the DMEPOS fee schedule CSV (<c>DMEPOS25_APR.csv</c>: title rows, then <c>HCPCS,Mod,Mod2,JURIS,CATG,Ceiling,Floor</c>,
/// a non-rural <c>XX (NR)</c> and rural <c>XX (R)</c> column per state, then Description) and the DMEPOS rural and
/// former competitive bidding area ZIP code file (<c>STATE,ZIP CODE,YEAR/QTR,LOCATION</c>; ZIP codes without their
/// leading zeros), from a path, a stream or CMS's zip. Descriptions are not kept. A malformed file raises
/// <see cref="FeeScheduleFormatException"/> naming the line, column and value.
/// </summary>
public static partial class DmeposLoader
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    private static readonly ScheduleFileFormat<DmeposFeeSchedule> FeeSchedule = new("DMEPOS",
        static names => PartBFiles.PickByKind(names, static n => n.StartsWith("DMEPOS", StringComparison.OrdinalIgnoreCase) || n.StartsWith("DMEPEN", StringComparison.OrdinalIgnoreCase)), Parse);

    private static readonly ScheduleFileFormat<DmeposZipFile> ZipCodes = new("DMEPOS ZIP code", static names => PartBFiles.PickByKind(names, static n => n.Contains("ZIP", StringComparison.OrdinalIgnoreCase)), ParseZipCodes);

    private static readonly ScheduleFileFormat<DmeposFormerCbaSchedule> FormerCba = new("former CBA", static names => PartBFiles.PickByKind(names, static n => n.Contains("CBA", StringComparison.OrdinalIgnoreCase)), ParseFormerCba);

    /// <summary>Loads a DMEPOS fee schedule CSV (or CMS's zip holding it) from disk.</summary>
    /// <param name="path">The .csv or .zip.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DmeposFeeSchedule Load(string path, FeeScheduleLoadOptions? options) => FeeSchedule.Load(path, options);

    /// <summary>Loads a DMEPOS fee schedule CSV (or zip) from a stream.</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="name">The file's name.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DmeposFeeSchedule Load(Stream stream, string name, FeeScheduleLoadOptions? options) => FeeSchedule.Load(stream, name, options);

    /// <summary>Loads the DMEPOS rural and former-CBA ZIP code file from disk.</summary>
    /// <param name="path">The .csv or .zip.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DmeposZipFile LoadZipCodes(string path, FeeScheduleLoadOptions? options) => ZipCodes.Load(path, options);

    /// <summary>Loads the DMEPOS rural and former-CBA ZIP code file from a stream.</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="name">The file's name.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DmeposZipFile LoadZipCodes(Stream stream, string name, FeeScheduleLoadOptions? options) => ZipCodes.Load(stream, name, options);

    /// <summary>Loads the DMEPOS fee schedule of the former competitive bidding areas (formerCBA_APR2025.csv) from disk.</summary>
    /// <param name="path">The .csv or .zip.</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DmeposFormerCbaSchedule LoadFormerCba(string path, FeeScheduleLoadOptions? options) => FormerCba.Load(path, options);

    /// <summary>Loads the DMEPOS fee schedule of the former competitive bidding areas from a stream.</summary>
    /// <param name="stream">The bytes.</param>
    /// <param name="name">The file's name (formerCBA_APR2025.csv: its month and year give the quarter).</param>
    /// <param name="options">Options, or <c>null</c> for the defaults.</param>
    public static DmeposFormerCbaSchedule LoadFormerCba(Stream stream, string name, FeeScheduleLoadOptions? options) => FormerCba.Load(stream, name, options);

    internal static DmeposFormerCbaSchedule ParseFormerCba(PartBInput input, FeeScheduleLoadOptions options) => PartBFiles.Guard(input, () =>
    {
        var (file, content, origin) = (input.File, input.Content, input.Origin);
        bool values = options.IncludeValuesInExceptions;
        using var r = PartBFiles.Open(content, ',', values);
        bool any = false, header = false;
        string[] areas = [];
        var items = new List<DmeposItem>(700);
        var cents = new List<int>(700 * 130);
        var seen = new Dictionary<(int, int, int), long>();
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            if (!header)
            {
                if (PartBFiles.Column(r, "HCPCS"u8) == 0 && PartBFiles.Column(r, "Mod3"u8) == 3 && PartBFiles.Column(r, "CATG"u8) == 4)
                {
                    header = true;
                    int description = PartBFiles.Column(r, "Description"u8);
                    int end = description > 5 ? description : r.FieldCount;
                    areas = [.. Enumerable.Range(5, end - 5).Select(c => Encoding.UTF8.GetString(CmsFields.Trim(r.GetSpan(c))))];
                    if (areas.Length == 0 || areas.Any(a => a.Length == 0))
                    {
                        FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, "expected HCPCS,Mod,Mod2,Mod3,CATG then one named column per former competitive bidding area");
                    }
                }

                continue;
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            if (r.FieldCount < 5 + areas.Length)
            {
                FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, $"expected {5 + areas.Length} fields of a former CBA row, found {r.FieldCount}");
            }

            var code = CmsFields.Hcpcs(r.GetSpan(0), new FieldContext(file, line, 1, "HCPCS", values));
            var m1 = CmsFields.Modifier(r.GetSpan(1), new FieldContext(file, line, 2, "Mod", values));
            var m2 = CmsFields.Modifier(r.GetSpan(2), new FieldContext(file, line, 3, "Mod2", values));
            var m3 = CmsFields.Modifier(r.GetSpan(3), new FieldContext(file, line, 4, "Mod3", values));
            var catg = CmsFields.Trim(r.GetSpan(4));
            if (catg.Length > 4)
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, 5, "CATG", values), catg, "expected a payment category of up to four letters (IN, CR, PO, OX...; blank for enteral and parenteral nutrition)");
            }

            if (!seen.TryAdd((code.PackedValue, m1.PackedValue, (m2.PackedValue << 16) | m3.PackedValue), line))
            {
                FeeScheduleThrow.Duplicate(file, line, $"{code}{(m1.IsSome ? "-" + m1 : "")}{(m2.IsSome ? "-" + m2 : "")}{(m3.IsSome ? "-" + m3 : "")}", seen[(code.PackedValue, m1.PackedValue, (m2.PackedValue << 16) | m3.PackedValue)]);
            }

            for (int c = 0; c < areas.Length; c++)
            {
                var s = r.GetSpan(5 + c);
                int v = -1; // "." (padded): no amount for the area, whose non-rural amount then applies
                if (CmsFields.Trim(s) is not [(byte)'.'] && !CmsFields.TryScaled(CmsFields.Trim(s), 2, out v))
                {
                    FeeScheduleThrow.Field(new FieldContext(file, line, 6 + c, areas[c], values), s, "expected an amount in dollars with at most two decimals, or '.' for none");
                }

                cents.Add(v);
            }

            items.Add(new DmeposItem(code, m1, m2, 'D', Encoding.ASCII.GetString(catg), 0m, 0m));
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected CMS's former CBA DMEPOS fee schedule");
        }

        if (!header)
        {
            FeeScheduleThrow.File(file, "no former CBA header row (HCPCS,Mod,Mod2,Mod3,CATG,<area>,...) was found");
        }

        if (items.Count == 0)
        {
            FeeScheduleThrow.File(file, "the former CBA file has a header but no rows");
        }

        int year, quarter;
        string how = "the file's name";
        if (options.EffectiveFrom is { } from)
        {
            (year, quarter, how) = (from.Year, ((from.Month - 1) / 3) + 1, "FeeScheduleLoadOptions.EffectiveFrom");
        }
        else if (FormerCbaMonth(file) is { } named)
        {
            (year, quarter) = named;
        }
        else
        {
            return FeeScheduleThrow.File<DmeposFormerCbaSchedule>(file, $"the quarter is not in the name (formerCBA_APR2025.csv); set FeeScheduleLoadOptions.EffectiveFrom");
        }

        var provenance = new ReleaseProvenance(origin, null, null, [PartBFiles.Source(FeeScheduleFileKind.Dmepos, input)],
            PartBFiles.Notes(options, $"DMEPOS former CBA {year} Q{quarter}: quarter read from {how}; JURIS is not in the file (D shown)."));
        return new DmeposFormerCbaSchedule(year, quarter, [.. items], [.. cents], areas, provenance);
    });

    /// <summary>formerCBA_APR2025.csv.</summary>
    private static (int Year, int Quarter)? FormerCbaMonth(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file.Replace('!', '/')).ToUpperInvariant();
        int u = name.LastIndexOf('_');
        if (u >= 0 && name.Length == u + 8 && Array.IndexOf(Months, name.Substring(u + 1, 3)) is var month and >= 0
            && int.TryParse(name.AsSpan(u + 4, 4), System.Globalization.CultureInfo.InvariantCulture, out int year))
        {
            return (year, (month / 3) + 1);
        }

        return null;
    }

    internal static DmeposFeeSchedule Parse(PartBInput input, FeeScheduleLoadOptions options) => PartBFiles.Guard(input, () =>
    {
        var (file, content, origin) = (input.File, input.Content, input.Origin);
        bool values = options.IncludeValuesInExceptions;
        using var r = PartBFiles.Open(content, ',', values);
        bool any = false, header = false, nutrition = false;
        int year = 0, quarter = 0;
        string[] states = [];
        int firstAmount = 7, amountColumns = 0;
        var items = new List<DmeposItem>(3600);
        var cents = new List<int>(3600 * 110);
        var seen = new Dictionary<(int, int, int), long>();
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        while (r.Read())
        {
            any = true;
            long line = r.LineNumber;
            if (!header)
            {
                var first = CmsFields.Trim(r.GetSpan(0));
                if (TitleMonth(first) is { } title)
                {
                    (year, quarter) = title;
                }

                if (PartBFiles.Column(r, "HCPCS"u8) == 0 && PartBFiles.Column(r, "JURIS"u8) == 3)
                {
                    header = true;
                    if (PartBFiles.Column(r, "Mod"u8) != 1 || PartBFiles.Column(r, "Mod2"u8) != 2 || PartBFiles.Column(r, "CATG"u8) != 4 || PartBFiles.Column(r, "Ceiling"u8) != 5 || PartBFiles.Column(r, "Floor"u8) != 6)
                    {
                        FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, "expected the DMEPOS header HCPCS,Mod,Mod2,JURIS,CATG,Ceiling,Floor,XX (NR),XX (R),...");
                    }

                    states = States(r, file, line, values, firstAmount, out amountColumns);
                }
                else if (PartBFiles.Column(r, "HCPCS"u8) == 0 && PartBFiles.Column(r, "MOD2"u8) == 2 && r.FieldCount > 3 && CmsFields.Trim(r.GetSpan(3)).EndsWith("(NR)"u8))
                {
                    // The PEN schedule (DMEPEN26_JAN): HCPCS,MOD,MOD2, then XX(NR),XX(R) per state; no JURIS, CATG, ceiling or floor.
                    (header, nutrition, firstAmount) = (true, true, 3);
                    states = States(r, file, line, values, firstAmount, out amountColumns);
                }

                continue;
            }

            if (CmsCsv.IsBlank(r))
            {
                continue;
            }

            if (r.FieldCount < firstAmount + amountColumns)
            {
                FeeScheduleThrow.Line(file, line, r.Current.RawRecord, values, $"expected {firstAmount + amountColumns} fields of a DMEPOS row, found {r.FieldCount}");
            }

            var code = CmsFields.Hcpcs(r.GetSpan(0), new FieldContext(file, line, 1, "HCPCS", values));
            var m1 = CmsFields.Modifier(r.GetSpan(1), new FieldContext(file, line, 2, "Mod", values));
            var m2 = CmsFields.Modifier(r.GetSpan(2), new FieldContext(file, line, 3, "Mod2", values));
            char jurisdiction = 'D'; // PEN items are billed to the DME MACs
            string catgText = string.Empty;
            decimal ceiling = 0m, floor = 0m;
            if (!nutrition)
            {
                var juris = CmsFields.Trim(r.GetSpan(3));
                if (juris is not [(byte)'D' or (byte)'L' or (byte)'J'])
                {
                    FeeScheduleThrow.Field(new FieldContext(file, line, 4, "JURIS", values), juris, "expected the jurisdiction D, L or J");
                }

                var catg = CmsFields.Trim(r.GetSpan(4));
                if (catg.Length is < 1 or > 4)
                {
                    FeeScheduleThrow.Field(new FieldContext(file, line, 5, "CATG", values), catg, "expected a payment category of one to four letters (IN, CR, PO, OX...)");
                }

                jurisdiction = (char)juris[0];
                catgText = Encoding.ASCII.GetString(catg);
                catgText = categories.TryGetValue(catgText, out var shared) ? shared : categories[catgText] = catgText;
                ceiling = PartBFiles.Dollars(r.GetSpan(5), new FieldContext(file, line, 6, "Ceiling", values));
                floor = PartBFiles.Dollars(r.GetSpan(6), new FieldContext(file, line, 7, "Floor", values));
            }

            if (!seen.TryAdd((code.PackedValue, m1.PackedValue, m2.PackedValue), line))
            {
                FeeScheduleThrow.Duplicate(file, line, $"{code}{(m1.IsSome ? "-" + m1 : "")}{(m2.IsSome ? "-" + m2 : "")}", seen[(code.PackedValue, m1.PackedValue, m2.PackedValue)]);
            }

            for (int c = 0; c < amountColumns; c++)
            {
                var s = r.GetSpan(firstAmount + c);
                if (!CmsFields.TryScaled(CmsFields.Trim(s), 2, out int v))
                {
                    FeeScheduleThrow.Field(new FieldContext(file, line, firstAmount + c + 1, $"{states[c / 2]} ({(c % 2 == 0 ? "NR" : "R")})", values), s, "expected an amount in dollars with at most two decimals");
                }

                cents.Add(v);
            }

            items.Add(new DmeposItem(code, m1, m2, jurisdiction, catgText, ceiling, floor));
        }

        if (!any)
        {
            FeeScheduleThrow.File(file, "the file is empty; expected CMS's DMEPOS fee schedule CSV");
        }

        if (!header)
        {
            FeeScheduleThrow.File(file, "no DMEPOS header row (HCPCS,Mod,Mod2,JURIS,CATG,Ceiling,Floor,...) was found");
        }

        if (items.Count == 0)
        {
            FeeScheduleThrow.File(file, "the DMEPOS file has a header but no rows");
        }

        string how = "its title row";
        if (options.EffectiveFrom is { } from)
        {
            (year, quarter, how) = (from.Year, ((from.Month - 1) / 3) + 1, "FeeScheduleLoadOptions.EffectiveFrom");
        }
        else if (year == 0)
        {
            if (NameMonth(file) is not { } named)
            {
                return FeeScheduleThrow.File<DmeposFeeSchedule>(file, $"the quarter is neither in a title row (\"April 2025 Fee Schedule\") nor in the name (DMEPOS25_APR.csv); set FeeScheduleLoadOptions.EffectiveFrom");
            }

            (year, quarter, how) = (named.Year, named.Quarter, "the file's name");
        }

        var provenance = new ReleaseProvenance(origin, null, null, [PartBFiles.Source(FeeScheduleFileKind.Dmepos, input)],
            PartBFiles.Notes(options, [$"DMEPOS{(nutrition ? " PEN" : "")} {year} Q{quarter}: quarter read from {how}.", .. PartBFiles.WorkbookNotes(input)]));
        return new DmeposFeeSchedule(year, quarter, [.. items], [.. cents], states, provenance) { IsNutrition = nutrition };
    });

    /// <summary>The states of the amount columns from <paramref name="first"/> on: 'AL (NR)', 'AL (R)', ... (the PEN file writes 'AL(NR)').</summary>
    private static string[] States(CsvHelper.CsvReader r, string file, long line, bool values, int first, out int amountColumns)
    {
        var states = new List<string>();
        int c = first;
        int description = Math.Max(PartBFiles.Column(r, "Description"u8), PartBFiles.Column(r, "Desc"u8));
        for (; c < r.FieldCount; c++)
        {
            var h = CmsFields.Trim(r.GetSpan(c));
            if (h.IsEmpty || description == c)
            {
                break;
            }

            bool nr = (c - first) % 2 == 0;
            ReadOnlySpan<byte> suffix = nr ? "(NR)"u8 : "(R)"u8;
            var state = h.Length >= 2 ? h[..2] : h;
            var rest = h.Length >= 2 ? CmsFields.Trim(h[2..]) : default;
            if (h.Length < 2 || !rest.SequenceEqual(suffix) || !char.IsAsciiLetterUpper((char)h[0]) || !char.IsAsciiLetterUpper((char)h[1])
                || (!nr && !state.SequenceEqual(Encoding.ASCII.GetBytes(states[^1]))))
            {
                FeeScheduleThrow.Field(new FieldContext(file, line, c + 1, "state amount", values), h, nr ? "expected a state's non-rural column, such as 'AL (NR)'" : $"expected '{states[^1]} (R)', the rural column of the state before it");
            }

            if (nr)
            {
                states.Add(Encoding.ASCII.GetString(state));
            }
        }

        amountColumns = c - first;
        if (states.Count == 0 || amountColumns % 2 != 0)
        {
            FeeScheduleThrow.Line(file, line, first == 3 ? "expected a non-rural and a rural amount column per state after MOD2" : "expected a non-rural and a rural amount column per state after Floor");
        }

        return [.. states];
    }

    /// <summary>"April 2025 Fee Schedule" (or "January 2026 ...").</summary>
    private static (int Year, int Quarter)? TitleMonth(ReadOnlySpan<byte> s)
    {
        var text = Encoding.ASCII.GetString(s);
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 3 && parts[2].StartsWith("Fee", StringComparison.OrdinalIgnoreCase) && parts[1].Length == 4 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out int y)
            && Array.FindIndex(Months, m => parts[0].StartsWith(m, StringComparison.OrdinalIgnoreCase)) is var month and >= 0)
        {
            return (y, (month / 3) + 1);
        }

        return null;
    }

    /// <summary>DMEPOS25_APR.csv.</summary>
    private static (int Year, int Quarter)? NameMonth(string file)
    {
        var name = Path.GetFileNameWithoutExtension(file.Replace('!', '/')).ToUpperInvariant();
        int u = name.IndexOf('_', StringComparison.Ordinal);
        if ((name.StartsWith("DMEPOS", StringComparison.Ordinal) || name.StartsWith("DMEPEN", StringComparison.Ordinal)) && u == 8 && int.TryParse(name.AsSpan(6, 2), System.Globalization.CultureInfo.InvariantCulture, out int yy)
            && Array.IndexOf(Months, name[(u + 1)..]) is var month and >= 0)
        {
            return (2000 + yy, (month / 3) + 1);
        }

        return null;
    }
}
