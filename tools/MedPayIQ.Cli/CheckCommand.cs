using System.CommandLine;
using System.Text;
using System.Text.Json;
using CsvHelper;
using MedPayIQ.Ncci;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli;

/// <summary><c>medpayiq check</c>: the NCCI edits a claim file trips, with the fix for each.</summary>
internal static partial class Cli
{
    internal static (Option<FileInfo[]> Ptp, Option<FileInfo[]> Mue, Option<FileInfo[]> Aoc) NcciOptions() =>
    (
        new("--ptp") { Description = "A CMS PTP file (ccipra-…/ccioph-… text, or their zip), or a compiled snapshot (.ncci); repeat for parts f1..f4 and versions.", AllowMultipleArgumentsPerToken = true },
        new("--mue") { Description = "A CMS MUE file (MCR_MUE_…csv) or a compiled snapshot; repeat for settings and versions; default: the packaged practitioner MUE table effective 2026-04-01.", AllowMultipleArgumentsPerToken = true },
        new("--aoc") { Description = "A CMS add-on code edit file (AOC_V…csv); default: the packaged 2026Q2 edits.", AllowMultipleArgumentsPerToken = true }
    );

    private static Command CheckCommand(TextWriter output)
    {
        var input = new Argument<FileInfo>("CLAIM") { Description = "The claim: a CSV file (the reprice columns; date and hcpcs required), a JSON file ({\"kind\": \"practitioner\", \"lines\": [{\"date\", \"hcpcs\", \"modifiers\", \"units\"}]}), or an 837P file (each of its claims checked)." };
        var kind = new Option<string?>("--kind") { Description = "practitioner (default), hospital or dme: which PTP and MUE tables apply." };
        var json = new Option<bool>("--json") { Description = "Write JSON." };
        var failOnFindings = new Option<bool>("--fail-on-findings") { Description = "Exit 1 when a finding denies a line." };
        var (ptpOption, mueOption, aocOption) = NcciOptions();
        var command = new Command("check", "Check a claim against the NCCI edits in force on its dates of service: PTP pairs, MUEs, add-on codes; each finding with its lines, edit, table version, denial code and fix.")
        {
            input, ptpOption, mueOption, aocOption, kind, json, failOnFindings,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists)
            {
                throw new UsageException($"the file '{file.FullName}' does not exist.");
            }

            var x12 = X12ClaimFile.Is(file) ? new X12ClaimFile(file, new X12.X12ReadOptions()) : null; // an 837P: each of its claims is checked
            var (lines, fileKind) = x12 is not null ? ([], null) : file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? ReadJsonClaim(file) : (ReadCsvClaim(file), null);
            var claimKind = (parse.GetValue(kind) ?? fileKind ?? "practitioner").ToLowerInvariant() switch
            {
                "practitioner" or "professional" => NcciClaimKind.Practitioner,
                "hospital" or "outpatient" => NcciClaimKind.OutpatientHospital,
                "dme" => NcciClaimKind.DmeSupplier,
                var other => throw new UsageException($"'{other}' is not a claim kind: practitioner, hospital or dme."),
            };
            var catalog = NcciTables(parse.GetValue(DataOption), parse.GetValue(ptpOption), parse.GetValue(mueOption), parse.GetValue(aocOption));
            if (x12 is not null)
            {
                return CheckClaims(output, x12, new NcciChecker(catalog), claimKind, parse.GetValue(json)) && parse.GetValue(failOnFindings) ? Findings : Ok;
            }

            var check = new NcciChecker(catalog).Check(lines, claimKind);
            if (parse.GetValue(json))
            {
                WriteJson(output, w => WriteCheck(w, check, lines));
            }
            else
            {
                WriteCheckText(output, check, lines);
            }

            return parse.GetValue(failOnFindings) && check.HasDenials ? Findings : Ok;
        });
        return command;
    }

    /// <summary>
    /// The NCCI tables named on the command line and those in the --data folder; the packaged add-on edits unless
    /// either brings add-on edits of its own, and the packaged practitioner MUE table (2026-04-01) unless either brings
    /// that quarter's.
    /// </summary>
    internal static NcciCatalog NcciTables(DirectoryInfo? data, FileInfo[]? ptp, FileInfo[]? mue, FileInfo[]? aoc)
    {
        var paths = new List<string>();
        if (data is { Exists: true })
        {
            paths.Add(data.FullName);
        }

        foreach (var f in (ptp ?? []).Concat(mue ?? []).Concat(aoc ?? []))
        {
            if (!f.Exists)
            {
                throw new UsageException($"the file '{f.FullName}' does not exist.");
            }

            paths.Add(f.FullName);
        }

        // Files, zips and snapshots (.ncci) together: the parts of a PTP version join, and a snapshot is checked
        // against the CMS files it was compiled from when they are given too.
        var tables = paths.Count == 0 ? [] : NcciLoader.Load(paths, new NcciLoadOptions()).ToList();
        if (!tables.Any(t => t.Source.Kind == NcciTableKind.AddOn))
        {
            tables.Add(PackagedNcci.AddOnEdits);
        }

        // The packaged practitioner MUE table sits beside other quarters given; CMS's file of its own quarter replaces it.
        var packagedMue = PackagedNcci.PractitionerMue;
        if (!tables.Any(t => t.Source.Kind == NcciTableKind.MuePractitioner && t.Source.EffectiveFrom == packagedMue.Source.EffectiveFrom))
        {
            tables.Add(packagedMue);
        }

        return NcciCatalog.Create(tables);
    }

    private static List<ClaimLine> ReadCsvClaim(FileInfo file)
    {
        var lines = new List<ClaimLine>();
        using var stream = file.OpenRead();
        using var reader = CsvReader.Create(stream, new CsvReaderOptions { HasHeader = false, TrackLineNumbers = true, SkipEmptyLines = true, MalformedData = CsvMalformedDataHandling.Throw, MaxRecordSize = 1 << 16 });
        if (!reader.Read())
        {
            throw new UsageException($"{file.Name} is empty: it needs a header line (date,hcpcs,...).");
        }

        var index = ClaimHeader(reader, file.Name, requireClaimId: false);
        int columns = reader.FieldCount;
        while (reader.Read())
        {
            FieldCount(reader, columns, file.Name, reader.LineNumber);
            if (lines.Count == MaxLinesPerClaim)
            {
                throw new UsageException($"{file.Name} line {reader.LineNumber}: a claim has at most {MaxLinesPerClaim} lines.");
            }

            lines.Add(LineOf(reader, index, file.Name, reader.LineNumber));
        }

        return lines.Count > 0 ? lines : throw new UsageException($"{file.Name} has no claim lines.");
    }

    /// <summary>The largest JSON claim file read (999 lines take well under 1 MiB).</summary>
    private const long MaxJsonClaimBytes = 16L << 20;

    private static (List<ClaimLine> Lines, string? Kind) ReadJsonClaim(FileInfo file)
    {
        try
        {
            if (file.Length > MaxJsonClaimBytes)
            {
                throw new UsageException($"{file.Name} is {file.Length:N0} bytes; a JSON claim file has at most {MaxJsonClaimBytes:N0}.");
            }

            var bytes = File.ReadAllBytes(file.FullName);
            using var doc = JsonDocument.Parse(bytes.AsMemory(bytes is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0)); // Notepad's UTF-8 byte order mark
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new UsageException($"{file.Name}: expected an object with a \"lines\" array, found {Describe(root)}.");
            }

            string? kind = !root.TryGetProperty("kind", out var k) ? null
                : k.ValueKind == JsonValueKind.String ? k.GetString()
                : throw new UsageException($"{file.Name}: \"kind\" is {Describe(k)}; expected practitioner, hospital or dme.");
            if (!root.TryGetProperty("lines", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"{file.Name}: expected an object with a \"lines\" array.");
            }

            var lines = new List<ClaimLine>();
            int n = 0;
            foreach (var item in array.EnumerateArray())
            {
                n++;
                string where = $"{file.Name} lines[{n - 1}]";
                if (n > MaxLinesPerClaim)
                {
                    throw new UsageException($"{where}: a claim has at most {MaxLinesPerClaim} lines.");
                }

                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new UsageException($"{where}: expected an object with date and hcpcs, found {Describe(item)}.");
                }

                string Text(string name) => item.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "";
                var modifiers = item.TryGetProperty("modifiers", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : x.GetRawText()).ToArray() : [Text("modifiers")];
                string units = Text("units"), pos = Text("pos");
                lines.Add(new ClaimLine(AtJson(where, "date", () => ClaimInput.Date(Text("date"))), AtJson(where, "hcpcs", () => ClaimInput.Code(Text("hcpcs"))), AtJson(where, "modifiers", () => ClaimInput.Modifiers(modifiers)))
                {
                    Units = units.Length > 0 ? AtJson(where, "units", () => ClaimInput.Count(units, "units")) : 1,
                    PlaceOfService = pos.Length > 0 ? AtJson(where, "pos", () => ClaimInput.Pos(pos)) : null,
                });
            }

            return lines.Count > 0 ? (lines, kind) : throw new UsageException($"{file.Name} has no claim lines.");
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{file.Name} line {ex.LineNumber + 1}: not valid JSON ({ex.Message.Split('.')[0]}).");
        }
    }

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        _ => "null",
    };

    private static T AtJson<T>(string where, string property, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (UsageException ex)
        {
            throw new UsageException($"{where}.{property}: {ex.Message}");
        }
    }

    /// <summary>Checks each claim of an 837P: in text, a heading per claim; in JSON, an array of {claimId, check}. Whether a line is denied.</summary>
    private static bool CheckClaims(TextWriter output, X12ClaimFile file, NcciChecker checker, NcciClaimKind kind, bool json)
    {
        bool denials = false;
        var checks = new List<(X12.ProfessionalClaim Claim, NcciCheck Check)>();
        foreach (var claim in file.Claims())
        {
            var check = checker.Check(claim.Claim.Lines, kind);
            denials |= check.HasDenials;
            if (json)
            {
                checks.Add((claim, check));
                continue;
            }

            output.WriteLine($"claim {claim.ClaimId} ({claim.Envelope})");
            WriteCheckText(output, check, claim.Claim.Lines);
            output.WriteLine();
        }

        if (json)
        {
            WriteJson(output, w =>
            {
                w.WriteStartArray();
                foreach (var (claim, check) in checks)
                {
                    w.WriteStartObject();
                    w.WriteString("claimId", claim.ClaimId);
                    w.WritePropertyName("check");
                    WriteCheck(w, check, claim.Claim.Lines);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            });
        }

        file.ThrowIfNotAllRead();
        return denials;
    }

    private static void WriteCheckText(TextWriter o, NcciCheck check, IReadOnlyList<ClaimLine> lines)
    {
        o.WriteLine($"{lines.Count} lines, {check.Findings.Length} findings{(check.HasDenials ? ", lines denied" : "")}");
        foreach (var f in check.Findings)
        {
            o.WriteLine();
            o.WriteLine($"{f.Kind}  lines {string.Join(", ", f.Lines)}{(f.DeniedLines.Length > 1 ? $"  denied: lines {string.Join(", ", f.DeniedLines)}" : f.DeniedLine is { } d ? $"  denied: line {d}" : "")}{(f.DenialCode is { } c ? $"  {c}" : "")}");
            o.WriteLine($"  {f.Reason}");
            o.WriteLine($"  fix: {f.Fix}");
            o.WriteLine($"  edit: {f.Edit}");
            o.WriteLine($"  table: {f.Source} sha256 {f.Source.Sha256}");
        }

        o.WriteLine();
        foreach (var n in check.Notes)
        {
            o.WriteLine($"note: {n}");
        }
    }

    private static void WriteCheck(Utf8JsonWriter w, NcciCheck check, IReadOnlyList<ClaimLine> lines)
    {
        w.WriteStartObject();
        w.WriteNumber("lines", lines.Count);
        w.WriteBoolean("hasDenials", check.HasDenials);
        w.WriteStartArray("findings");
        foreach (var f in check.Findings)
        {
            w.WriteStartObject();
            w.WriteString("kind", f.Kind.ToString());
            w.WriteStartArray("lines");
            foreach (int n in f.Lines)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();
            WriteNumberOrNull(w, "deniedLine", f.DeniedLine);
            w.WriteStartArray("deniedLines");
            foreach (int n in f.DeniedLines)
            {
                w.WriteNumberValue(n);
            }

            w.WriteEndArray();

            w.WriteString("denialCode", f.DenialCode);
            w.WriteNumber("unitsOver", f.UnitsOver);
            w.WriteString("edit", f.Edit);
            w.WriteString("reason", f.Reason);
            w.WriteString("fix", f.Fix);
            w.WriteStartObject("table");
            w.WriteString("kind", f.Source.Kind.ToString());
            w.WriteString("version", f.Source.Version);
            w.WriteString("effectiveFrom", f.Source.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("files", string.Join(" ", f.Source.FileNames));
            w.WriteString("sha256", f.Source.Sha256);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("notes");
        foreach (var n in check.Notes)
        {
            w.WriteStringValue(n);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }
}
