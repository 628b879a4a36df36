using System.Text;

namespace GradGen.RandomPrograms;

// The C# of buffers and queries: LINQ with lambdas and method groups, views of arrays and spans, the library's copies,
// fills and clears. (Reassigned and swapped buffers are the ordinary Assign and TupleSet of array variables.)

/// <summary>
/// A LINQ query of an array: Kind "sel" <c>Src.Fn(p =&gt; Body)</c>, "group" <c>Src.Fn(Math.Group)</c>, "select"
/// <c>Src.Select(p =&gt; Body).Fn()</c> (with Params [p, j]: <c>Src.Select((p, j) =&gt; Body).Fn()</c>), "zip"
/// <c>Src.Zip(Src2, (p, q) =&gt; Body).Fn()</c>. Fn is Sum, Average, Max or Min; Src and Src2 are arrays (a Var) or rows (a Row).
/// </summary>
public sealed record Query(string Fn, string Kind, Expr Src, Expr? Src2, string[] Params, Expr? Body, string? Group) : Expr
{
    public bool Equals(Query? o) => o is not null && Fn == o.Fn && Kind == o.Kind && Src.Equals(o.Src) && Equals(Src2, o.Src2)
        && Params.SequenceEqual(o.Params) && Equals(Body, o.Body) && Group == o.Group;
    public override int GetHashCode() => HashCode.Combine(Fn, Kind, Params.Length);
}

/// <summary>
/// <c>Type Name = view;</c> of the array or span Arr (ArrIsArray: a T[], else a span): Form "asspan" <c>Arr.AsSpan(A, B)</c>
/// (<c>Arr.AsSpan(A)</c> without B, <c>Arr.AsSpan()</c> without A), "slice" <c>Arr.Slice(A, B)</c> (<c>Arr.Slice(A)</c>), "range"
/// <c>Arr.AsSpan()[A..B]</c> of an array, <c>Arr[A..B]</c> of a span (B may be <c>^k</c>, a Unary "^").
/// </summary>
public sealed record ViewDecl(string Type, string Name, string Arr, bool ArrIsArray, string Form, Expr? A, Expr? B) : Stmt;

/// <summary>
/// A copy into the local buffer Dst: Form "copy3" <c>Array.Copy(Src, Dst, N)</c>, "copy5" <c>Array.Copy(Src, Si, Dst, Di, N)</c>,
/// "copyto" <c>Src.CopyTo(Dst, Di)</c>, "spancopy" <c>Src.AsSpan(Si, N).CopyTo(Dst.AsSpan(Di))</c> (Slice for spans).
/// </summary>
public sealed record CopyStmt(string Form, string Src, bool SrcIsArray, Expr? Si, string Dst, bool DstIsArray, Expr? Di, Expr? N) : Stmt;

/// <summary>
/// A fill or a clear of the local buffer Dst: Form "fill" <c>Array.Fill(Dst, Value)</c>, "fill4" <c>Array.Fill(Dst, Value, S, C)</c>,
/// "spanfill" <c>Dst.AsSpan(S, C).Fill(Value)</c> (Slice for a span), "clear" <c>Array.Clear(Dst)</c>, "clear3"
/// <c>Array.Clear(Dst, S, C)</c>, "spanclear" <c>Dst.AsSpan(S, C).Clear()</c>.
/// </summary>
public sealed record FillStmt(string Form, string Dst, bool DstIsArray, Expr? Value, Expr? S, Expr? C) : Stmt;

public static partial class Printer
{
    /// <summary>Whether the program needs <c>using System.Linq;</c> (a reduction or a query).</summary>
    public static bool UsesLinq(string tree) => tree.Contains("(reduce ", StringComparison.Ordinal) || tree.Contains("(query ", StringComparison.Ordinal);

    private static string PrintQuery(Query q, bool isFloat)
    {
        string src = Print(q.Src, isFloat, 9);
        string Lambda() => (q.Params.Length == 1 ? q.Params[0] : "(" + string.Join(", ", q.Params) + ")") + " => " + Print(q.Body!, isFloat);
        return q.Kind switch
        {
            "sel" => src + "." + q.Fn + "(" + Lambda() + ")",
            "group" => src + "." + q.Fn + "(" + (isFloat ? "MathF." : "Math.") + q.Group + ")",
            "select" => src + ".Select(" + Lambda() + ")." + q.Fn + "()",
            _ => src + ".Zip(" + Print(q.Src2!, isFloat) + ", " + Lambda() + ")." + q.Fn + "()",
        };
    }

    private static string Span(string name, bool isArray, string args) => name + (isArray ? ".AsSpan(" : ".Slice(") + args + ")";

    private static bool PrintBufferStmt(StringBuilder sb, Stmt s, bool isFloat, string pad)
    {
        string P(Expr? e) => Print(e!, isFloat);
        switch (s)
        {
            case ViewDecl v:
                string view = v.Form switch
                {
                    "asspan" => v.Arr + ".AsSpan(" + (v.A is null ? "" : P(v.A) + (v.B is null ? "" : ", " + P(v.B))) + ")",
                    "slice" => v.Arr + ".Slice(" + P(v.A) + (v.B is null ? "" : ", " + P(v.B)) + ")",
                    _ => (v.ArrIsArray ? v.Arr + ".AsSpan()" : v.Arr) + "[" + (v.A is null ? "" : Print(v.A, isFloat, 8)) + ".." + (v.B is null ? "" : Print(v.B, isFloat, 8)) + "]",
                };
                sb.Append(pad).Append(v.Type).Append(' ').Append(v.Name).Append(" = ").Append(view).Append(";\n");
                return true;
            case CopyStmt c:
                string copy = c.Form switch
                {
                    "copy3" => "Array.Copy(" + c.Src + ", " + c.Dst + ", " + P(c.N) + ")",
                    "copy5" => "Array.Copy(" + c.Src + ", " + P(c.Si) + ", " + c.Dst + ", " + P(c.Di) + ", " + P(c.N) + ")",
                    "copyto" => c.Src + ".CopyTo(" + c.Dst + ", " + P(c.Di) + ")",
                    _ => Span(c.Src, c.SrcIsArray, P(c.Si) + ", " + P(c.N)) + ".CopyTo(" + Span(c.Dst, c.DstIsArray, P(c.Di)) + ")",
                };
                sb.Append(pad).Append(copy).Append(";\n");
                return true;
            case FillStmt f:
                string fill = f.Form switch
                {
                    "fill" => "Array.Fill(" + f.Dst + ", " + P(f.Value) + ")",
                    "fill4" => "Array.Fill(" + f.Dst + ", " + P(f.Value) + ", " + P(f.S) + ", " + P(f.C) + ")",
                    "spanfill" => Span(f.Dst, f.DstIsArray, P(f.S) + ", " + P(f.C)) + ".Fill(" + P(f.Value) + ")",
                    "clear" => "Array.Clear(" + f.Dst + ")",
                    "clear3" => "Array.Clear(" + f.Dst + ", " + P(f.S) + ", " + P(f.C) + ")",
                    _ => Span(f.Dst, f.DstIsArray, P(f.S) + ", " + P(f.C)) + ".Clear()",
                };
                sb.Append(pad).Append(fill).Append(";\n");
                return true;
            default:
                return false;
        }
    }
}
