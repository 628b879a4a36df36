using System.Text;

namespace GradGen.RandomPrograms;

// Text forms of queries, views, copies and fills: (query Fn Kind (params p ...) Src Src2 Body Group), (view Type Name Arr arr|span
// Form A B), (copy Form Src arr|span Si Dst arr|span Di N), (fill Form Dst arr|span Value S C); "(none)" for an absent part.
public static partial class TreeText
{
    private static void WOpt(StringBuilder sb, Expr? e)
    {
        sb.Append(' ');
        if (e is null) sb.Append("(none)"); else W(sb, e);
    }

    private static void WQuery(StringBuilder sb, Query q)
    {
        sb.Append("(query ").Append(q.Fn).Append(' ').Append(q.Kind).Append(" (params");
        foreach (string p in q.Params) sb.Append(' ').Append(p);
        sb.Append(')');
        WOpt(sb, q.Src);
        WOpt(sb, q.Src2);
        WOpt(sb, q.Body);
        sb.Append(' ').Append(q.Group ?? "-").Append(')');
    }

    private static bool WBuffers(StringBuilder sb, Stmt s)
    {
        string Kind(bool isArray) => isArray ? "arr" : "span";
        switch (s)
        {
            case ViewDecl v:
                sb.Append("(view ").Append(v.Type).Append(' ').Append(v.Name).Append(' ').Append(v.Arr).Append(' ').Append(Kind(v.ArrIsArray)).Append(' ').Append(v.Form);
                WOpt(sb, v.A); WOpt(sb, v.B);
                sb.Append(')');
                return true;
            case CopyStmt c:
                sb.Append("(copy ").Append(c.Form).Append(' ').Append(c.Src).Append(' ').Append(Kind(c.SrcIsArray));
                WOpt(sb, c.Si);
                sb.Append(' ').Append(c.Dst).Append(' ').Append(Kind(c.DstIsArray));
                WOpt(sb, c.Di); WOpt(sb, c.N);
                sb.Append(')');
                return true;
            case FillStmt f:
                sb.Append("(fill ").Append(f.Form).Append(' ').Append(f.Dst).Append(' ').Append(Kind(f.DstIsArray));
                WOpt(sb, f.Value); WOpt(sb, f.S); WOpt(sb, f.C);
                sb.Append(')');
                return true;
            default:
                return false;
        }
    }

    private static Expr? ROpt(Node n) => n.Atom is null && n.Head == "none" ? null : RExpr(n);

    private static Query RQuery(Node n) =>
        new(n.A(1), n.A(2), RExpr(n[4]), ROpt(n[5]), n[3].Items.Skip(1).Select(p => p.Atom!).ToArray(), ROpt(n[6]), n.A(7) == "-" ? null : n.A(7));

    private static Stmt? RBuffers(Node n) => n.Head switch
    {
        "view" => new ViewDecl(n.A(1), n.A(2), n.A(3), n.A(4) == "arr", n.A(5), ROpt(n[6]), ROpt(n[7])),
        "copy" => new CopyStmt(n.A(1), n.A(2), n.A(3) == "arr", ROpt(n[4]), n.A(5), n.A(6) == "arr", ROpt(n[7]), ROpt(n[8])),
        "fill" => new FillStmt(n.A(1), n.A(2), n.A(3) == "arr", ROpt(n[4]), ROpt(n[5]), ROpt(n[6])),
        _ => null,
    };
}
