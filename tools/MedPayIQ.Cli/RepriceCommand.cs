using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli;

/// <summary>
/// <c>medpayiq reprice</c>: prices a file of claim lines, streaming: one claim (its consecutive rows with the same
/// claim id) in memory at a time, whatever the file's size.
/// </summary>
internal static partial class Cli
{
    /// <summary>The most lines one claim may have (a CMS-1500 has 6 per page, an 837P claim at most 50).</summary>
    internal const int MaxLinesPerClaim = 999;

    private static readonly string[] Columns =
        ["claim_id", "line", "date", "hcpcs", "modifiers", "units", "pos", "facility", "carrier", "locality", "zip", "provider", "participating", "qp", "charge", "minutes", "base_units"];

    private static Command RepriceCommand(TextWriter output, TextWriter error)
    {
        var input = new Argument<FileInfo>("CLAIMS") { Description = "A CSV file of claim lines with a header: claim_id, date, hcpcs and any of line, modifiers, units, pos, facility, carrier, locality, zip, provider, participating, qp, charge, minutes, base_units; or an 837P file (recognized by its ISA header)." };
        var outFile = new Option<FileInfo>("--output", "-o") { Description = "The priced lines (CSV, or JSON lines with --json-lines).", Required = true };
        var jsonLines = new Option<bool>("--json-lines") { Description = "Write one JSON object per line instead of CSV." };
        var failOnFindings = new Option<bool>("--fail-on-findings") { Description = "Exit 1 when any line cannot be priced." };
        var command = new Command("reprice", "Price a file of claim lines, streaming; a summary (lines, totals, unpriced lines, lines per second) goes to stderr.") { input, outFile, jsonLines, failOnFindings };
        command.SetAction(parse =>
        {
            var file = parse.GetValue(input)!;
            if (!file.Exists)
            {
                throw new UsageException($"the file '{file.FullName}' does not exist.");
            }

            var calculator = new PaymentCalculator(LoadCatalog(parse.GetValue(DataOption)));
            using var target = new StreamWriter(parse.GetValue(outFile)!.FullName, append: false, new UTF8Encoding(false), 1 << 16);
            var summary = Reprice(file, calculator, target, parse.GetValue(jsonLines), error, progress: !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error));
            error.WriteLine(summary.ToString());
            return parse.GetValue(failOnFindings) && summary.UnpricedLines > 0 ? Findings : Ok;
        });
        return command;
    }

    /// <summary>What a reprice run did.</summary>
    internal sealed record RepriceSummary(long Lines, long Claims, decimal Allowed, decimal MedicarePayment, long UnpricedLines, TimeSpan Elapsed)
    {
        public override string ToString()
            => string.Create(CultureInfo.InvariantCulture,
                $"medpayiq: {Lines:N0} lines in {Claims:N0} claims; allowed {Allowed:N2}, Medicare {MedicarePayment:N2}; {UnpricedLines:N0} lines not priced; {Lines / Math.Max(Elapsed.TotalSeconds, 1e-9):N0} lines/s");
    }

    internal static RepriceSummary Reprice(FileInfo file, PaymentCalculator calculator, TextWriter output, bool jsonLines, TextWriter error, bool progress)
    {
        var clock = Stopwatch.StartNew();
        using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        long size = Math.Max(stream.Length, 1);
        var x12 = X12ClaimFile.Is(file) ? new X12ClaimFile(file, new X12.X12ReadOptions { ApplySequestration = false }) : null; // an 837P, read claim by claim
        using var reader = CsvReader.Create(stream, new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            MaxRecordSize = 1 << 16,
        });
        if (x12 is null && !reader.Read())
        {
            throw new UsageException($"{file.Name} is empty: it needs a header line ({string.Join(",", Columns)}).");
        }

        var index = x12 is null ? ClaimHeader(reader, file.Name, requireClaimId: true) : [];
        int columns = reader.FieldCount;
        Utf8JsonWriter? json = null;
        MemoryStream? jsonBuffer = null;
        if (jsonLines)
        {
            jsonBuffer = new MemoryStream();
            json = new Utf8JsonWriter(jsonBuffer);
        }
        else
        {
            output.Write("claim_id,line,date,hcpcs,modifiers,units,outcome,allowed,medicare_payment,coinsurance,deductible,limiting_charge,fee_schedule_amount,release,confidence,reason\r\n");
        }

        var pending = new List<ClaimLine>();
        var numbers = new List<string>();
        string? claimId = null;
        Claim? header = null;
        long lines = 0, claims = 0, unpriced = 0;
        long allowedCents = 0, paymentCents = 0;
        long nextProgress = 0;

        void Flush()
        {
            if (header is null || pending.Count == 0)
            {
                return;
            }

            var priced = calculator.Price(header with { Lines = [.. pending] });
            claims++;
            for (int i = 0; i < priced.Lines.Length; i++)
            {
                var p = priced.Lines[i];
                allowedCents += (long)(p.AllowedAmount * 100m);
                paymentCents += (long)(p.MedicarePayment * 100m);
                unpriced += p.Outcome == PriceOutcome.Priced ? 0 : 1;
                if (json is not null)
                {
                    json.Reset();
                    jsonBuffer!.SetLength(0);
                    json.WriteStartObject();
                    json.WriteString("claimId", claimId);
                    json.WriteString("line", numbers[i]);
                    json.WritePropertyName("price");
                    WriteLinePrice(json, priced.Claim, p, includeSteps: false);
                    json.WriteEndObject();
                    json.Flush();
                    output.Write(Encoding.UTF8.GetString(jsonBuffer.GetBuffer(), 0, (int)jsonBuffer.Length));
                    output.Write('\n');
                }
                else
                {
                    WriteCsvLine(output, claimId!, numbers[i], p);
                }
            }

            pending.Clear();
            numbers.Clear();
        }

        while (x12 is null && reader.Read())
        {
            long lineNumber = reader.LineNumber;
            FieldCount(reader, columns, file.Name, lineNumber);
            string id = Field(reader, index[0]);
            if (id.Length == 0)
            {
                throw new UsageException($"{file.Name} line {lineNumber}: claim_id is empty.");
            }

            if (id != claimId)
            {
                Flush();
                claimId = id;
                header = ClaimOf(reader, index, file.Name, lineNumber);
            }

            if (pending.Count == MaxLinesPerClaim)
            {
                throw new UsageException($"{file.Name} line {lineNumber}: claim {id} has more than {MaxLinesPerClaim} lines (the rows of one claim must be together).");
            }

            pending.Add(LineOf(reader, index, file.Name, lineNumber));
            string n = index[1] >= 0 ? Field(reader, index[1]) : "";
            numbers.Add(n.Length > 0 ? n : (pending.Count).ToString(CultureInfo.InvariantCulture));
            lines++;
            if (progress && lines >= nextProgress)
            {
                nextProgress = lines + 50_000;
                int percent = (int)(100 * stream.Position / size);
                error.Write($"\r[{new string('#', percent / 5),-20}] {percent,3}%  {lines:N0} lines");
            }
        }

        Flush();
        foreach (var claim in x12?.Claims() ?? [])
        {
            (claimId, header) = (claim.ClaimId, claim.Claim);
            pending.AddRange(claim.Claim.Lines);
            numbers.AddRange(claim.ServiceLines.Select(l => l.Number.ToString(CultureInfo.InvariantCulture)));
            lines += pending.Count;
            Flush();
        }

        if (progress)
        {
            error.Write("\r" + new string(' ', 50) + "\r");
        }

        json?.Dispose();
        jsonBuffer?.Dispose();
        output.Flush();
        x12?.ThrowIfNotAllRead();
        return new RepriceSummary(lines, claims, allowedCents / 100m, paymentCents / 100m, unpriced, clock.Elapsed);
    }

    private static void WriteCsvLine(TextWriter o, string claimId, string number, LinePrice p)
    {
        var line = p.Line;
        o.Write(Csv(claimId));
        o.Write(',');
        o.Write(Csv(number));
        o.Write(Invariant($",{line.DateOfService:yyyy-MM-dd},{line.Hcpcs},{Csv(line.Modifiers.ToString())},{line.Units},{p.Outcome},{p.AllowedAmount:0.00},{p.MedicarePayment:0.00},{p.Coinsurance:0.00},{p.Deductible:0.00},{(p.LimitingCharge is { } lc ? lc.ToString("0.00", CultureInfo.InvariantCulture) : "")},{p.FeeScheduleAmount:0.00},{p.Release?.Id.ToString() ?? ""},{p.Confidence},"));
        o.Write(Csv(p.Outcome == PriceOutcome.Priced ? p.ConfidenceReason : p.Reason));
        o.Write("\r\n");
    }

    internal static string Csv(string value)
        => value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The column index of each known column (-1 when absent); date and hcpcs are required, and claim_id when asked.</summary>
    internal static int[] ClaimHeader(CsvReader reader, string file, bool requireClaimId)
    {
        var index = new int[Columns.Length];
        Array.Fill(index, -1);
        for (int i = 0; i < reader.FieldCount; i++)
        {
            string name = Encoding.UTF8.GetString(reader.GetSpan(i)).Trim().TrimStart('\uFEFF').ToLowerInvariant();
            int c = Array.IndexOf(Columns, name);
            if (c < 0)
            {
                throw new UsageException($"{file} line 1 column {i + 1}: '{Shorten(name)}' is not a column; the columns are {string.Join(", ", Columns)}.");
            }

            if (index[c] >= 0)
            {
                throw new UsageException($"{file} line 1 column {i + 1}: '{name}' is column {index[c] + 1} too; each column once.");
            }

            index[c] = i;
        }

        foreach (int required in requireClaimId ? (int[])[0, 2, 3] : [2, 3])
        {
            if (index[required] < 0)
            {
                throw new UsageException($"{file} line 1: the header has no {Columns[required]} column.");
            }
        }

        return index;
    }

    /// <summary>
    /// A row has the header's fields: one fewer is a row cut short (a unit count lost), one more an unquoted comma
    /// (Excel's 1,234.50 read as a charge of 1). Empty fields past the header's, as some editors pad, are allowed.
    /// </summary>
    internal static void FieldCount(CsvReader reader, int columns, string file, long line)
    {
        int fields = reader.FieldCount;
        bool extraEmpty = true;
        for (int i = columns; i < fields && extraEmpty; i++)
        {
            extraEmpty = reader.GetSpan(i).Trim((byte)' ').IsEmpty;
        }

        if (fields < columns || !extraEmpty)
        {
            throw new UsageException($"{file} line {line}: {fields} fields, the header has {columns} ({(fields < columns ? "a row cut short?" : "an unquoted comma, such as 1,234.50?")}).");
        }
    }

    /// <summary>A value quoted in a message, cut at 40 characters (a pasted file in a header cell stays out of the message).</summary>
    private static string Shorten(string value) => value.Length <= 40 ? value : string.Concat(value.AsSpan(0, 40), "...");

    internal static string Field(CsvReader reader, int column)
        => column >= 0 && column < reader.FieldCount ? Encoding.UTF8.GetString(reader.GetSpan(column)).Trim() : "";

    private static T At<T>(string file, long line, string column, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (UsageException ex)
        {
            throw new UsageException($"{file} line {line} column {column}: {ex.Message}");
        }
    }

    internal static Claim ClaimOf(CsvReader r, int[] index, string file, long line)
    {
        string carrier = Field(r, index[8]), locality = Field(r, index[9]), zip = Field(r, index[10]);
        string pos = Field(r, index[6]), provider = Field(r, index[11]), par = Field(r, index[12]), qp = Field(r, index[13]);
        return new Claim([])
        {
            Location = At(file, line, "carrier/locality/zip", () => ClaimInput.Location(carrier.Length > 0 ? carrier : null, locality.Length > 0 ? locality : null, zip.Length > 0 ? zip : null, national: false)),
            PlaceOfService = pos.Length > 0 ? At(file, line, "pos", () => ClaimInput.Pos(pos)) : null,
            Setting = Flag(Field(r, index[7]), file, line, "facility", false) ? PricingSetting.Facility : PricingSetting.NonFacility,
            Provider = At(file, line, "provider", () => ClaimInput.Provider(provider.Length > 0 ? provider : null)),
            Participation = Flag(par, file, line, "participating", true) ? Participation.Participating : Participation.NonParticipating,
            ApmStatus = Flag(qp, file, line, "qp", false) ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
        };
    }

    internal static ClaimLine LineOf(CsvReader r, int[] index, string file, long line)
    {
        string date = Field(r, index[2]), hcpcs = Field(r, index[3]), modifiers = Field(r, index[4]), units = Field(r, index[5]);
        string pos = Field(r, index[6]), charge = Field(r, index[14]), minutes = Field(r, index[15]), baseUnits = Field(r, index[16]);
        return new ClaimLine(At(file, line, "date", () => ClaimInput.Date(date)), At(file, line, "hcpcs", () => ClaimInput.Code(hcpcs)),
            At(file, line, "modifiers", () => ClaimInput.Modifiers([modifiers])))
        {
            Units = units.Length > 0 ? At(file, line, "units", () => ClaimInput.Count(units, "units")) : 1,
            PlaceOfService = pos.Length > 0 ? At(file, line, "pos", () => ClaimInput.Pos(pos)) : null,
            BilledCharge = charge.Length > 0 ? At(file, line, "charge", () => ClaimInput.Money(charge)) : null,
            AnesthesiaMinutes = minutes.Length > 0 ? At(file, line, "minutes", () => ClaimInput.Count(minutes, "minutes")) : 0,
            AnesthesiaBaseUnits = baseUnits.Length > 0 ? At(file, line, "base_units", () => ClaimInput.Count(baseUnits, "base units")) : null,
        };
    }

    private static bool Flag(string text, string file, long line, string column, bool absent) => text.ToUpperInvariant() switch
    {
        "" => absent,
        "Y" or "YES" or "TRUE" or "1" => true,
        "N" or "NO" or "FALSE" or "0" => false,
        _ => throw new UsageException($"{file} line {line} column {column}: '{text}' is not Y or N."),
    };
}
