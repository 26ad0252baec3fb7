using System.Globalization;
using System.Text;
using System.Text.Json;
using CsvHelper;
using MedPayIQ.Cli.Reprice;
using MedPayIQ.Pricing;

namespace MedPayIQ.Cli;

/// <summary>A claim read from a claim file: its id, the claim with its lines, and the line numbers to echo.</summary>
internal sealed record FileClaim(string Id, Claim Claim, IReadOnlyList<string> LineNumbers);

/// <summary>
/// The claim files the tool reads: CSV (one claim for <c>check</c>, or a stream of claims for <c>reprice</c> and
/// <c>adjudicate</c>), JSON (one claim) and JSON lines (a stream of claims for <c>adjudicate</c>). Every value goes
/// through <see cref="ClaimInput"/>; a bad one is a <see cref="UsageException"/> naming the file, the line (or JSON
/// path) and the column.
/// </summary>
internal static partial class ClaimFileReader
{
    /// <summary>The most lines one claim may have (a CMS-1500 has 6 per page, an 837P claim at most 50).</summary>
    public const int MaxLinesPerClaim = 999;

    /// <summary>The largest JSON claim file read (999 lines take well under 1 MiB).</summary>
    private const long MaxJsonClaimBytes = 16L << 20;

    /// <summary>The columns of a CSV claim file, in the order of <see cref="Column"/>.</summary>
    public static readonly string[] Columns =
        ["claim_id", "line", "date", "hcpcs", "modifiers", "units", "pos", "facility", "carrier", "locality", "zip", "provider", "participating", "qp", "charge", "minutes", "base_units", "beneficiary_zip"];

    internal enum Column
    {
        ClaimId, Line, Date, Hcpcs, Modifiers, Units, Pos, Facility, Carrier, Locality, Zip, Provider, Participating, Qp, Charge, Minutes, BaseUnits, BeneficiaryZip,
    }

    /// <summary>A CSV file of claim lines, its header read and checked (<c>claim_id</c>, <c>date</c> and <c>hcpcs</c> required).</summary>
    public static CsvClaims OpenCsvClaims(FileInfo file) => new(file);

    /// <summary>
    /// The claims of a CSV file of claim lines (its consecutive rows with the same claim_id), streaming: whole claims
    /// in <see cref="RowBatch"/>es, the rows as read; <see cref="ClaimRows"/> parses them. A row the reader finds
    /// wrong (a field count other than the header's, an empty claim_id, a claim whose rows are not consecutive, a
    /// claim's 1,000th row) carries its error and stays in its place.
    /// </summary>
    internal sealed class CsvClaims : IDisposable
    {
        private readonly FileInfo _file;
        private readonly FileStream _stream;
        private readonly CsvReader _reader;
        private readonly int[] _index;
        private readonly int _columns;
        private long _malformedLine = -1; // the line of the last record the reader could only recover, and why
        private CsvMalformedReason _malformedReason;
        private long _malformedOffset;

        public CsvClaims(FileInfo file)
        {
            _file = file;
            _stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            _reader = CsvReader.Create(_stream, new CsvReaderOptions
            {
                HasHeader = false,
                Separator = ',',
                TrackLineNumbers = true,
                SkipEmptyLines = true,
                AllowLineBreaksInQuotes = false,
                // A row CSV cannot read (a stray quote, one never closed: rows end at their line, as no field may hold a
                // line break) is recovered, reported here and rejected with its reason; it never stops the file.
                MalformedData = CsvMalformedDataHandling.Recover,
                OnMalformedRecord = record =>
                {
                    _malformedLine = record.LineNumber;
                    _malformedReason = record.Reason;
                    _malformedOffset = record.ByteOffset;
                },
                MaxRecordSize = 1 << 16,
            });
            try
            {
                if (!_reader.Read())
                {
                    throw new UsageException($"{file.Name} is empty: it needs a header line ({string.Join(",", Columns)}).");
                }

                if (Malformed(file.Name, _reader.LineNumber) is { } header)
                {
                    throw new UsageException($"{header} (the header)");
                }

                _index = Header(_reader, file.Name, requireClaimId: true);
                _columns = _reader.FieldCount;
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        /// <summary>The file's name, as messages give it.</summary>
        public string Name => _file.Name;

        /// <summary>Why the record at <paramref name="line"/> cannot be read as CSV, or null when it can.</summary>
        private string? Malformed(string file, long line)
        {
            if (_malformedLine != line)
            {
                return null;
            }

            string what = _malformedReason switch
            {
                CsvMalformedReason.StrayQuote => "a quote inside a field that is not quoted",
                CsvMalformedReason.TextAfterClosingQuote => "text after a field's closing quote",
                CsvMalformedReason.UnterminatedQuote or CsvMalformedReason.LineBreakInQuotes => "a quote never closed on its line",
                _ => _malformedReason.ToString(),
            };
            return $"{file} line {line}: not readable as CSV: {what} (byte {_malformedOffset}); a field that holds a comma or a quote is quoted, its quotes doubled.";
        }

        public void Dispose()
        {
            _reader.Dispose();
            _stream.Dispose();
        }

        /// <summary>
        /// The rows, in file order, in batches of whole claims (<paramref name="claimsPerBatch"/> claims, or fewer when
        /// their rows pass 1 MiB), each batch from <paramref name="next"/> (an empty one); <paramref name="progress"/>
        /// hears of every 50,000 lines read (the lines read and the percentage of the file).
        /// </summary>
        public IEnumerable<RowBatch> ReadBatches(Func<RowBatch> next, int claimsPerBatch, Action<long, int>? progress = null)
        {
            string file = _file.Name;
            long size = Math.Max(_stream.Length, 1);
            // The file's columns, in the order of Columns: a row stores those fields only.
            int[] fields = [.. _index.Where(i => i >= 0)];
            var layout = RowBatch.Layout.Of([.. _index.Select(i => i >= 0)]);
            var claims = new ClaimGrouper(file, claimsPerBatch, () =>
            {
                var batch = next();
                batch.StoreColumns(layout);
                return batch;
            });
            long lines = 0, nextProgress = 0;
            bool sized = false;
            while (_reader.Read())
            {
                long lineNumber = _reader.LineNumber;
                string? malformed = Malformed(file, lineNumber);
                var rawId = Raw(_reader, _index, Column.ClaimId);
                if (malformed is not null && rawId.IndexOfAny((byte)'"', (byte)',') >= 0)
                {
                    rawId = default; // its claim id is what CSV could not read: the row stays with the claim it is in
                }

                if (claims.BeginRow(rawId, lineNumber, malformed ?? FieldCountError(_reader, _columns, file, lineNumber)) is { } full)
                {
                    if (!sized)
                    {
                        claims.Expect(full, size); // from the first batch, before the next is begun: no table doublings
                        sized = true;
                    }

                    yield return full;
                }

                var batch = claims.Batch;
                int count = _reader.FieldCount;
                foreach (int i in fields)
                {
                    if (i < count)
                    {
                        batch.AddField(_reader.GetSpan(i));
                    }
                    else
                    {
                        batch.AddEmpty(); // a row cut short (its error is on the row)
                    }
                }

                claims.EndRow();
                lines++;
                if (progress is not null && lines >= nextProgress)
                {
                    nextProgress = lines + 50_000;
                    progress(lines, (int)(100 * _stream.Position / size));
                }
            }

            if (claims.Batch.Rows > 0)
            {
                yield return claims.Batch;
            }
        }
    }

    /// <summary>Whether a claim file is JSON lines (its name ends in .jsonl or .json) rather than CSV.</summary>
    public static bool IsJsonLines(FileInfo file) => Path.GetExtension(file.Name).ToLowerInvariant() is ".jsonl" or ".json";

    /// <summary>The rows of a JSON lines file that are not blank, streaming: each with its line in the file (one claim object a line; <see cref="JsonLineClaim"/> reads it).</summary>
    public static IEnumerable<(long Line, string Text)> JsonLineRows(FileInfo file)
    {
        using var text = file.OpenText();
        long number = 0;
        while (text.ReadLine() is { } row)
        {
            number++;
            if (!row.AsSpan().Trim().IsEmpty)
            {
                yield return (number, row);
            }
        }
    }

    /// <summary>The claim id of a JSON line that may not be a readable claim: its claimId when it is a JSON object with one, else empty.</summary>
    public static string JsonClaimId(string row)
    {
        try
        {
            using var doc = JsonDocument.Parse(row);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("claimId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    /// <summary>
    /// The claim of a JSON line (claimId, zip or carrier and locality, pos, provider, participating, qp,
    /// deductibleRemaining, lines); a bad value is a <see cref="UsageException"/> naming <paramref name="where"/> and its JSON path.
    /// </summary>
    public static FileClaim JsonLineClaim(string row, string where)
    {
        try
        {
            using var doc = JsonDocument.Parse(row);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("lines", out var array) || array.ValueKind != JsonValueKind.Array)
            {
                throw new UsageException($"{where}: expected a claim object with a \"lines\" array.");
            }

            string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()) : "";
            T At<T>(string property, Func<T> parse)
            {
                try
                {
                    return parse();
                }
                catch (UsageException ex)
                {
                    throw new UsageException($"{where} {property}: {ex.Message}");
                }
            }

            string id = Text(root, "claimId");
            if (id.Length == 0)
            {
                throw new UsageException($"{where}: claimId is missing.");
            }

            string carrier = Text(root, "carrier"), locality = Text(root, "locality"), zip = Text(root, "zip"), pos = Text(root, "pos"), provider = Text(root, "provider"), beneficiaryZip = Text(root, "beneficiaryZip");
            string par = Text(root, "participating"), qp = Text(root, "qp"), unmet = Text(root, "deductibleRemaining");
            var lines = new List<ClaimLine>();
            foreach (var item in array.EnumerateArray())
            {
                string line = $"lines[{lines.Count}]";
                if (item.ValueKind != JsonValueKind.Object || lines.Count == MaxLinesPerClaim)
                {
                    throw new UsageException($"{where} {line}: expected an object with date and hcpcs (at most {MaxLinesPerClaim} lines).");
                }

                string units = Text(item, "units"), linePos = Text(item, "pos"), charge = Text(item, "charge"), minutes = Text(item, "minutes"), baseUnits = Text(item, "baseUnits");
                var modifiers = item.TryGetProperty("modifiers", out var m) && m.ValueKind == JsonValueKind.Array ? m.EnumerateArray().Select(x => x.GetString() ?? "").ToArray() : [Text(item, "modifiers")];
                lines.Add(new ClaimLine(At(line + ".date", () => ClaimInput.Date(Text(item, "date"))), At(line + ".hcpcs", () => ClaimInput.Code(Text(item, "hcpcs"))), At(line + ".modifiers", () => ClaimInput.Modifiers(modifiers)))
                {
                    Units = units.Length > 0 ? At(line + ".units", () => ClaimInput.Count(units, "units")) : 1,
                    PlaceOfService = linePos.Length > 0 ? At(line + ".pos", () => ClaimInput.Pos(linePos)) : null,
                    BilledCharge = charge.Length > 0 ? At(line + ".charge", () => ClaimInput.Money(charge)) : null,
                    AnesthesiaMinutes = minutes.Length > 0 ? At(line + ".minutes", () => ClaimInput.Count(minutes, "minutes")) : 0,
                    AnesthesiaBaseUnits = baseUnits.Length > 0 ? At(line + ".baseUnits", () => ClaimInput.Count(baseUnits, "base units")) : null,
                });
            }

            return new FileClaim(id, new Claim(lines)
            {
                Location = At("zip/carrier/locality", () => ClaimInput.Location(carrier.Length > 0 ? carrier : null, locality.Length > 0 ? locality : null, zip.Length > 0 ? zip : null, national: false)),
                BeneficiaryZip = beneficiaryZip.Length > 0 ? At("beneficiaryZip", () => ClaimInput.BeneficiaryZip(beneficiaryZip)) : null,
                PlaceOfService = pos.Length > 0 ? At("pos", () => ClaimInput.Pos(pos)) : null,
                Provider = At("provider", () => ClaimInput.Provider(provider.Length > 0 ? provider : null)),
                Participation = par is not ("false" or "N" or "n") ? Participation.Participating : Participation.NonParticipating,
                ApmStatus = qp is "true" or "Y" or "y" ? ApmStatus.QualifyingParticipant : ApmStatus.NotQualifying,
                DeductibleRemaining = unmet.Length > 0 ? At("deductibleRemaining", () => ClaimInput.Money(unmet)) : null,
            }, [.. Enumerable.Range(1, lines.Count).Select(n => n.ToString(CultureInfo.InvariantCulture))]);
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{where}: not valid JSON ({ex.Message.Split('.')[0]}).");
        }
    }

    /// <summary>One claim's lines from a CSV file (<c>claim_id</c> optional) or a JSON file, and the claim kind a JSON file names.</summary>
    public static (List<ClaimLine> Lines, string? Kind) ReadClaim(FileInfo file)
        => file.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase) ? ReadJsonClaim(file) : (ReadCsvClaim(file), null);

    private static List<ClaimLine> ReadCsvClaim(FileInfo file)
    {
        var lines = new List<ClaimLine>();
        using var stream = file.OpenRead();
        using var reader = CsvReader.Create(stream, new CsvReaderOptions { HasHeader = false, TrackLineNumbers = true, SkipEmptyLines = true, MalformedData = CsvMalformedDataHandling.Throw, MaxRecordSize = 1 << 16 });
        if (!reader.Read())
        {
            throw new UsageException($"{file.Name} is empty: it needs a header line (date,hcpcs,...).");
        }

        var index = Header(reader, file.Name, requireClaimId: false);
        int columns = reader.FieldCount;
        var row = new RowBatch();
        while (reader.Read())
        {
            if (FieldCountError(reader, columns, file.Name, reader.LineNumber) is { } error)
            {
                throw new UsageException(error);
            }

            if (lines.Count == MaxLinesPerClaim)
            {
                throw new UsageException($"{file.Name} line {reader.LineNumber}: a claim has at most {MaxLinesPerClaim} lines.");
            }

            row.Clear();
            foreach (int i in index)
            {
                row.AddField(i >= 0 && i < reader.FieldCount ? reader.GetSpan(i) : default);
            }

            row.EndRow(reader.LineNumber, null);
            lines.Add(ClaimRows.LineOf(row, 0, file.Name));
        }

        return lines.Count > 0 ? lines : throw new UsageException($"{file.Name} has no claim lines.");
    }

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
                T At<T>(string property, Func<T> parse) => AtJson(where, property, parse);
                lines.Add(new ClaimLine(At("date", () => ClaimInput.Date(Text("date"))), At("hcpcs", () => ClaimInput.Code(Text("hcpcs"))), At("modifiers", () => ClaimInput.Modifiers(modifiers)))
                {
                    Units = units.Length > 0 ? At("units", () => ClaimInput.Count(units, "units")) : 1,
                    PlaceOfService = pos.Length > 0 ? At("pos", () => ClaimInput.Pos(pos)) : null,
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

    /// <summary>The column index of each known column (-1 when absent); date and hcpcs are required, and claim_id when asked.</summary>
    private static int[] Header(CsvReader reader, string file, bool requireClaimId)
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

        foreach (var required in requireClaimId ? (Column[])[Column.ClaimId, Column.Date, Column.Hcpcs] : [Column.Date, Column.Hcpcs])
        {
            if (index[(int)required] < 0)
            {
                throw new UsageException($"{file} line 1: the header has no {Columns[(int)required]} column.");
            }
        }

        return index;
    }

    /// <summary>
    /// A row has the header's fields: one fewer is a row cut short (a unit count lost), one more an unquoted comma
    /// (Excel's 1,234.50 read as a charge of 1). Empty fields past the header's, as some editors pad, are allowed.
    /// The message when the row does not, else null.
    /// </summary>
    private static string? FieldCountError(CsvReader reader, int columns, string file, long line)
    {
        int fields = reader.FieldCount;
        bool extraEmpty = true;
        for (int i = columns; i < fields && extraEmpty; i++)
        {
            extraEmpty = reader.GetSpan(i).Trim((byte)' ').IsEmpty;
        }

        return fields < columns || !extraEmpty
            ? $"{file} line {line}: {fields} fields, the header has {columns} ({(fields < columns ? "a row cut short?" : "an unquoted comma, such as 1,234.50?")})."
            : null;
    }

    /// <summary>A value quoted in a message, cut at 40 characters (a pasted file in a header cell stays out of the message).</summary>
    internal static string Shorten(ReadOnlySpan<char> value) => value.Length <= 40 ? value.ToString() : string.Concat(value[..40], "...");

    private static ReadOnlySpan<byte> Raw(CsvReader reader, int[] index, Column column)
        => index[(int)column] is var i && i >= 0 && i < reader.FieldCount ? reader.GetSpan(i) : default;

    /// <summary>The value <paramref name="parse"/> reads, or its message after the JSON path of the property.</summary>
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
}
