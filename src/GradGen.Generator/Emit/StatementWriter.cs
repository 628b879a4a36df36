using System.Collections.Generic;
using System.Linq;
using System.Text;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;

namespace GradGen.Generator.Emit
{
    /// <summary>Writes IR statements as C#, one per line, with compound assignments where they read better.</summary>
    internal sealed class StatementWriter
    {
        private readonly SourceWriter _writer;
        private readonly Printer _printer;

        public StatementWriter(SourceWriter writer, Printer printer)
        {
            _writer = writer;
            _printer = printer;
        }

        public void WriteBlockContents(Block block)
        {
            foreach (Stmt s in block.Statements) Write(s);
        }

        private void WriteBraced(Block block)
        {
            _writer.OpenBrace();
            WriteBlockContents(block);
            _writer.CloseBrace();
        }

        private string Name(Variable v) => _printer.Name(v);

        public void Write(Stmt s)
        {
            switch (s)
            {
                case Block b:
                    WriteBraced(b);
                    break;
                case Declare d:
                    _writer.WriteLine(Declaration(d) + ";");
                    break;
                case Assign a:
                    _writer.WriteLine(Assignment(a) + ";");
                    break;
                case If i:
                    WriteIf(i, prefix: "if");
                    break;
                case Loop l:
                    WriteLoop(l);
                    break;
                case Return r:
                    _writer.WriteLine(r.Value is null ? "return;" : "return " + _printer.PrintValue(r.Value) + ";");
                    break;
                case ReturnValues { GroupSize: > 0 } r:
                    _writer.WriteLine("return (" + string.Join(", ", Enumerable.Range(0, r.Values.Count / r.GroupSize)
                        .Select(g => "(" + string.Join(", ", r.Values.Skip(g * r.GroupSize).Take(r.GroupSize).Select(_printer.PrintValue)) + ")")) + ");");
                    break;
                case ReturnValues r:
                    _writer.WriteLine(r.Values.Count == 1
                        ? "return " + _printer.PrintValue(r.Values[0]) + ";"
                        : "return (" + string.Join(", ", r.Values.Select(_printer.PrintValue)) + ");");
                    break;
                case Throw t:
                    _writer.WriteLine("throw new " + TypeNames.Of(t.ExceptionType) + "(" + string.Join(", ", t.Arguments.Select(Literals.Constant)) + ");");
                    break;
                case Evaluate e:
                    _writer.WriteLine(_printer.Print(e.Value) + ";");
                    break;
                case TapePush p:
                    _writer.WriteLine(Name(p.Tape) + ".Push(" + _printer.PrintValue(p.Value) + ");");
                    break;
                case TapeReserve r:
                    _writer.WriteLine(Name(r.Tape) + ".Reserve(" + _printer.PrintValue(r.Count) + ");");
                    break;
                case PullbackCall p:
                    _writer.WriteLine((p.Result is null ? string.Empty : _printer.Print(p.Result) + " = ") + PullbackInvocation(p) + ";");
                    break;
                case DisposeStmt d:
                    _writer.WriteLine(Name(d.Var) + ".Dispose();");
                    break;
                case CheckLength { Primal.Type.Shape: Shape.Matrix } c:
                    _writer.WriteLine("if (" + Name(c.Adjoint) + ".GetLength(0) < " + Name(c.Primal) + ".GetLength(0) || " + Name(c.Adjoint) + ".GetLength(1) < " + Name(c.Primal) + ".GetLength(1))");
                    _writer.OpenBrace();
                    _writer.WriteLine("throw new global::System.ArgumentException(\"The " + Role(c) + " of '" + Name(c.Primal) + "' must have at least as many rows and columns as '" + Name(c.Primal) + "'.\", nameof(" + Name(c.Adjoint) + "));");
                    _writer.CloseBrace();
                    break;
                case CheckLength { Primal.Type.Shape: Shape.Jagged } c:
                    {
                        // Each row of the adjoint at least as long as the same row of the parameter.
                        string row = c.Row is null ? "_row" + c.Adjoint.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : Name(c.Row);
                        _writer.WriteLine("if (" + Name(c.Adjoint) + ".Length < " + Name(c.Primal) + ".Length)");
                        _writer.OpenBrace();
                        _writer.WriteLine("throw new global::System.ArgumentException(\"The " + Role(c) + " of '" + Name(c.Primal) + "' must have at least as many rows as '" + Name(c.Primal) + "'.\", nameof(" + Name(c.Adjoint) + "));");
                        _writer.CloseBrace();
                        _writer.WriteLine("for (int " + row + " = 0; " + row + " < " + Name(c.Primal) + ".Length; " + row + "++)");
                        _writer.OpenBrace();
                        _writer.WriteLine("if (" + Name(c.Adjoint) + "[" + row + "].Length < " + Name(c.Primal) + "[" + row + "].Length)");
                        _writer.OpenBrace();
                        _writer.WriteLine("throw new global::System.ArgumentException(\"Each row of the " + Role(c) + " of '" + Name(c.Primal) + "' must be at least as long as the same row of '" + Name(c.Primal) + "'.\", nameof(" + Name(c.Adjoint) + "));");
                        _writer.CloseBrace();
                        _writer.CloseBrace();
                        break;
                    }

                case CheckLength c:
                    _writer.WriteLine("if (" + Name(c.Adjoint) + ".Length < " + Name(c.Primal) + ".Length)");
                    _writer.OpenBrace();
                    _writer.WriteLine("throw new global::System.ArgumentException(\"The " + Role(c) + " of '" + Name(c.Primal) + "' must be at least as long as '" + Name(c.Primal) + "'.\", nameof(" + Name(c.Adjoint) + "));");
                    _writer.CloseBrace();
                    break;
                default:
                    throw new System.InvalidOperationException("Cannot write " + s.GetType().Name);
            }
        }

        private static string Role(CheckLength c) => c.IsTangent ? "tangent" : "adjoint";

        private string Declaration(Declare d)
        {
            string type = TypeNames.Of(d.Var.Type);
            string value = d.Init is null ? DefaultValue(d.Var.Type) : _printer.PrintValue(d.Init);
            return type + " " + Name(d.Var) + " = " + value;
        }

        private static string DefaultValue(TypeRef type)
        {
            // An empty span that may be assigned one of the method's stackalloc'd buffers later: a default span may escape the
            // method, and C# then rejects the assignment (CS8352); an empty stackalloc'd one may not (C# 7.2 and later).
            if (type.Shape is Shape.Span or Shape.ReadOnlySpan && type.Scalar is ScalarKind.Double or ScalarKind.Float or ScalarKind.Int32 or ScalarKind.Int64)
            {
                return "stackalloc " + TypeNames.Of(type.Element.WithShape(Shape.Scalar)) + "[0]";
            }

            if (!type.IsScalar) return "default";
            return type.Scalar switch
            {
                ScalarKind.Double => "0.0",
                ScalarKind.Float => "0f",
                ScalarKind.Int32 => "0",
                ScalarKind.Int64 => "0L",
                ScalarKind.Boolean => "false",
                ScalarKind.Generic => TypeNames.GenericName + ".Zero",
                _ => "default",
            };
        }

        private string Assignment(Assign a)
        {
            string target = _printer.Print(a.Target);
            if (a.Value is Binary b && b.Left.Equals(a.Target) && b.Type == a.Target.Type)
            {
                if (b.Type.IsIntegral && b.Right is IntConst { Value: 1 } && b.Op is BinaryOp.Add or BinaryOp.Subtract)
                {
                    return target + (b.Op == BinaryOp.Add ? "++" : "--");
                }

                switch (b.Op)
                {
                    case BinaryOp.Add when ExprBuilder.StartsWithNegation(b.Right) && IsDerivative(a.Target):
                        return target + " -= " + _printer.PrintValue(NegatedExactly(b.Right));
                    case BinaryOp.Add when b.Right is RealConst { Symbol: null } c && c.Value < 0:
                        return target + " -= " + _printer.PrintValue(RealConst.Of(-c.Value, c.Kind));
                    case BinaryOp.Add when b.Right is Unary { Op: UnaryOp.Negate } negated:
                        return target + " -= " + _printer.PrintValue(negated.Operand);
                    case BinaryOp.Subtract when b.Right is Unary { Op: UnaryOp.Negate } negated:
                        return target + " += " + _printer.PrintValue(negated.Operand);
                    case BinaryOp.Add:
                        return target + " += " + _printer.PrintValue(b.Right);
                    case BinaryOp.Subtract:
                        return target + " -= " + _printer.PrintValue(b.Right);
                    case BinaryOp.Multiply:
                        return target + " *= " + _printer.PrintValue(b.Right);
                    case BinaryOp.Divide:
                        return target + " /= " + _printer.PrintValue(b.Right);
                }
            }

            return target + " = " + _printer.PrintValue(a.Value);
        }

        /// <summary>
        /// The negation of a sum whose leftmost term is negated: <c>-(-a + b - c)</c> is <c>a - b + c</c>,
        /// flipping only the operators on the left spine (IEEE rounding is symmetric, so <c>-(l + r)</c> and
        /// <c>-l - r</c> have the same magnitude). Terms to the right keep their grouping: <c>-(-a + (b + c))</c>
        /// is <c>a - (b + c)</c>, not <c>a - b - c</c>, which rounds differently. Where the sum is zero the two
        /// differ in its sign (<c>-(1 + -1)</c> is -0.0, <c>-1 - -1</c> is +0.0), so only derivative code,
        /// never the user's own statements, is written this way.
        /// </summary>
        /// <summary>An adjoint or an element of one: code GradGen wrote, whose signed zeros no one observes.</summary>
        private static bool IsDerivative(Expr target) => target is VarRef { Var.Kind: VariableKind.Generated }
            || target is ElementAccess { Sequence: VarRef { Var.Kind: VariableKind.Generated } }
            || target is ElementAccess { Sequence: ElementAccess { Sequence: VarRef { Var.Kind: VariableKind.Generated } } };

        private static Expr NegatedExactly(Expr e) => e switch
        {
            Unary { Op: UnaryOp.Negate } u => u.Operand,
            Binary { Op: BinaryOp.Add } sum => sum with { Op = BinaryOp.Subtract, Left = NegatedExactly(sum.Left) },
            Binary { Op: BinaryOp.Subtract } difference => difference with { Op = BinaryOp.Add, Left = NegatedExactly(difference.Left) },
            _ => new Unary(UnaryOp.Negate, e, e.Type),
        };

        private void WriteIf(If i, string prefix)
        {
            _writer.WriteLine(prefix + " (" + _printer.Print(i.Condition) + ")");
            WriteBraced(i.Then);
            if (i.Else.Statements.Count == 1 && i.Else.Statements[0] is If nested)
            {
                WriteIf(nested, "else if");
            }
            else if (i.Else.Statements.Count > 0)
            {
                _writer.WriteLine("else");
                WriteBraced(i.Else);
            }
        }

        /// <summary>Whether <paramref name="l"/> is written as a <c>for</c> statement, whose initializer is scoped to the loop; any
        /// other loop writes its initializer before it, in the enclosing block (<see cref="Naming"/> names it there).</summary>
        internal static bool PrintsAsFor(Loop l) =>
            l.Kind == LoopForm.For && l.Initializer.Statements.All(x => x is Declare) && l.Initializer.Statements.Count <= 1 && l.Increment.Statements.All(x => x is Assign);

        private void WriteLoop(Loop l)
        {
            string condition = l.Condition is null ? "true" : _printer.Print(l.Condition);
            switch (l.Kind)
            {
                case LoopForm.For when PrintsAsFor(l):
                    {
                        string init = l.Initializer.Statements.Count == 0 ? string.Empty : Declaration((Declare)l.Initializer.Statements[0]);
                        string increment = string.Join(", ", l.Increment.Statements.Select(x => Assignment((Assign)x)));
                        _writer.WriteLine("for (" + init + "; " + (l.Condition is null ? string.Empty : condition) + "; " + increment + ")");
                        WriteBraced(l.Body);
                        break;
                    }

                case LoopForm.DoWhile:
                    WriteBlockContents(l.Initializer);
                    _writer.WriteLine("do");
                    _writer.OpenBrace();
                    WriteBlockContents(l.Body);
                    WriteBlockContents(l.Increment);
                    _writer.CloseBrace(" while (" + condition + ");");
                    break;
                default:
                    WriteBlockContents(l.Initializer);
                    _writer.WriteLine("while (" + condition + ")");
                    _writer.OpenBrace();
                    WriteBlockContents(l.Body);
                    WriteBlockContents(l.Increment);
                    _writer.CloseBrace();
                    break;
            }
        }

        private string PullbackInvocation(PullbackCall p)
        {
            DiffCall call = p.Call;
            var sb = new StringBuilder();
            if (p.Pullback.Owner is not null)
            {
                sb.Append(TypeNames.Of(p.Pullback.Owner)).Append('.');
            }
            else if (call.Receiver is not null)
            {
                sb.Append(_printer.Print(call.Receiver)).Append('.');
            }
            else if (call.Owner is not null)
            {
                sb.Append(TypeNames.Of(call.Owner)).Append('.');
            }

            sb.Append(Printer.Escape(p.Pullback.Name));
            if (p.Pullback.Owner is null) TypeNames.WriteTypeArguments(sb, call.TypeArguments);
            sb.Append('(');
            var arguments = new List<string>();
            foreach (Expr arg in call.Args) arguments.Add(_printer.PrintValue(arg));
            arguments.Add(_printer.PrintValue(p.Seed));
            foreach (Expr adjoint in p.Adjoints)
            {
                arguments.Add(adjoint.Type.IsScalar ? "ref " + _printer.Print(adjoint) : _printer.PrintValue(adjoint));
            }

            sb.Append(string.Join(", ", arguments)).Append(')');
            return sb.ToString();
        }
    }
}
