using System.Globalization;
using System.Text;

namespace MedPayIQ.X12.Tests;

/// <summary>
/// A generated 837P interchange of any size, made while it is read (one transaction at a time), and the same claims as
/// a reprice CSV file: for the streaming test and the adjudicate benchmark. Deterministic: a seed gives the same claims.
/// </summary>
internal sealed class Generated837 : TextReader
{
    private static readonly string[] Codes = ["99213", "99214", "77321", "27447", "20610", "45380", "70450", "97110", "93000", "88305", "71046"];
    private static readonly string[] Modifiers = ["", "", "", "", "26", "TC", "50", "59", "25"];
    private static readonly string[] Zips = ["90210", "10001", "902101234"];

    private readonly int _transactions, _claims, _lines;
    private readonly Random _random;
    private readonly StringBuilder _chunk = new();
    private int _position, _transaction;
    private bool _ended;

    public Generated837(int transactions, int claimsPerTransaction, int linesPerClaim, int seed = 17)
    {
        _transactions = transactions;
        _claims = claimsPerTransaction;
        _lines = linesPerClaim;
        _random = new Random(seed);
        _chunk.Append("ISA*00*          *00*          *ZZ*GENERATED      *ZZ*MEDPAYIQ       *261130*1200*^*00501*000000001*0*T*:~\n");
        _chunk.Append("GS*HC*GENERATED*MEDPAYIQ*20261130*1200*1*X*005010X222A1~\n");
    }

    /// <summary>The whole text at once (small sizes only).</summary>
    public static string Text(int transactions, int claimsPerTransaction, int linesPerClaim) => new Generated837(transactions, claimsPerTransaction, linesPerClaim).ReadToEnd();

    /// <summary>The same claims as a reprice CSV file (claim_id, line, date, hcpcs, modifiers, units, pos, zip, charge).</summary>
    public static void WriteCsv(TextWriter csv, int transactions, int claimsPerTransaction, int linesPerClaim, int seed = 17)
    {
        var random = new Random(seed);
        csv.Write("claim_id,line,date,hcpcs,modifiers,units,pos,zip,charge\r\n");
        for (int t = 1; t <= transactions; t++)
        {
            for (int c = 1; c <= claimsPerTransaction; c++)
            {
                var claim = NextClaim(random, t, c, linesPerClaim);
                for (int l = 0; l < claim.Lines.Length; l++)
                {
                    var line = claim.Lines[l];
                    csv.Write(string.Create(CultureInfo.InvariantCulture, $"{claim.Id},{l + 1},{line.Date:yyyy-MM-dd},{line.Code},{line.Modifier},{line.Units},{claim.Pos},{claim.Zip},{line.Charge}\r\n"));
                }
            }
        }
    }

    private sealed record GeneratedLine(DateOnly Date, string Code, string Modifier, int Units, decimal Charge);

    private sealed record GeneratedClaim(string Id, string Zip, string Pos, GeneratedLine[] Lines);

    private static GeneratedClaim NextClaim(Random random, int transaction, int claim, int lines)
    {
        var date = new DateOnly(2025, 1, 2).AddDays(random.Next(363));
        string zip = Zips[random.Next(Zips.Length)];
        string pos = random.Next(4) == 0 ? "22" : "11";
        var generated = new GeneratedLine[lines];
        for (int l = 0; l < lines; l++)
        {
            string code = Codes[random.Next(Codes.Length)];
            int units = code is "97110" or "88305" ? 1 + random.Next(3) : 1; // timed therapy and pathology blocks: several units
            generated[l] = new GeneratedLine(date, code, Modifiers[random.Next(Modifiers.Length)], units, 50m + random.Next(2000) + (random.Next(100) / 100m));
        }

        return new GeneratedClaim(string.Create(CultureInfo.InvariantCulture, $"G{transaction}-{claim}"), zip, pos, generated);
    }

    private void NextTransaction()
    {
        _transaction++;
        string control = _transaction.ToString("D4", CultureInfo.InvariantCulture);
        int start = _chunk.Length;
        int segments = 0;
        void Segment(string text)
        {
            _chunk.Append(text).Append("~\n");
            segments++;
        }

        Segment($"ST*837*{control}*005010X222A1");
        Segment($"BHT*0019*00*{control}*20261130*1200*CH");
        Segment("NM1*41*2*GENERATED BILLING*****46*GEN01");
        Segment("NM1*40*2*MEDICARE*****46*01182");
        Segment("HL*1**20*1");
        Segment("PRV*BI*PXC*207Q00000X");
        Segment("NM1*85*2*GENERATED CLINIC*****XX*1234567893");
        Segment("N3*1 MAIN ST");
        Segment("N4*BEVERLY HILLS*CA*90210");
        int hl = 1;
        for (int c = 1; c <= _claims; c++)
        {
            var claim = NextClaim(_random, _transaction, c, _lines);
            hl++;
            Segment(string.Create(CultureInfo.InvariantCulture, $"HL*{hl}*1*22*0"));
            Segment("SBR*P*18*******MB");
            Segment(string.Create(CultureInfo.InvariantCulture, $"NM1*IL*1*DOE*PAT****MI*M{hl}"));
            decimal total = claim.Lines.Sum(l => l.Charge);
            Segment(string.Create(CultureInfo.InvariantCulture, $"CLM*{claim.Id}*{total}***{claim.Pos}:B:1*Y*A*Y*Y"));
            Segment("HI*ABK:I10");
            Segment("NM1*77*2*SITE*****XX*1740283498");
            Segment(string.Create(CultureInfo.InvariantCulture, $"N4*CITY*ST*{claim.Zip}"));
            for (int l = 0; l < claim.Lines.Length; l++)
            {
                var line = claim.Lines[l];
                Segment(string.Create(CultureInfo.InvariantCulture, $"LX*{l + 1}"));
                Segment(string.Create(CultureInfo.InvariantCulture, $"SV1*HC:{line.Code}{(line.Modifier.Length > 0 ? ":" + line.Modifier : "")}*{line.Charge}*UN*{line.Units}***1"));
                Segment(string.Create(CultureInfo.InvariantCulture, $"DTP*472*D8*{line.Date:yyyyMMdd}"));
            }
        }

        Segment(string.Create(CultureInfo.InvariantCulture, $"SE*{segments + 1}*{control}"));
        if (_transaction == _transactions)
        {
            _chunk.Append(CultureInfo.InvariantCulture, $"GE*{_transactions}*1~\nIEA*1*000000001~\n");
        }
    }

    public override int Read(char[] buffer, int index, int count)
    {
        if (_position == _chunk.Length)
        {
            _chunk.Clear();
            _position = 0;
            if (_transaction == _transactions)
            {
                _ended = true;
                return 0;
            }

            NextTransaction();
        }

        int n = Math.Min(count, _chunk.Length - _position);
        _chunk.CopyTo(_position, buffer.AsSpan(index, n), n);
        _position += n;
        return n;
    }

    public override int Read() => throw new NotSupportedException();

    public override int Peek() => _ended ? -1 : throw new NotSupportedException();
}
