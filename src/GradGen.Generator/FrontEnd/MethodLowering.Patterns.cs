using System.Collections.Generic;
using System.Linq;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// Lowering of pattern matching: <c>is</c> patterns, switch expressions and switch statements become the
    /// comparisons, <c>?:</c> chains and if/else chains they stand for, so everything after the front end (activity,
    /// both modes, the random-program tester's oracle) sees only constructs it already knows. Supported patterns are
    /// those that test a number, an enum, a char or a string against constants: constant, relational (<c>&gt; 0</c>),
    /// <c>and</c>/<c>or</c>/<c>not</c>, discards, with <c>when</c> guards in switches.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>The exit labels of the switch statements being lowered: a break to one of them leaves a switch, not a loop.</summary>
        private readonly HashSet<ILabelSymbol> _switchExits = new(SymbolEqualityComparer.Default);

        /// <summary><c>value is pattern</c>.</summary>
        private Expr? LowerIsPattern(IIsPatternOperation isPattern)
        {
            Expr? input = LowerExpression(isPattern.Value);
            if (input is null) return null;
            if (InputUses(isPattern.Pattern) > 1 && !IsDuplicable(input))
            {
                return Unsupported(isPattern.Value, "a pattern that tests this value more than once needs it in a local: assign it to a local first");
            }

            return LowerPattern(isPattern.Pattern, input);
        }

        /// <summary>A switch expression as a chain of <c>?:</c>, arms in order.</summary>
        private Expr? LowerSwitchExpression(ISwitchExpressionOperation switchExpression)
        {
            TypeRef? type = SymbolFacts.Classify(switchExpression.Type);
            if (type is not { IsScalar: true } resultType)
            {
                return Unsupported(switchExpression, "switch expressions of this type are not supported");
            }

            Expr? input = LowerExpression(switchExpression.Value);
            if (input is null) return null;
            if (switchExpression.Arms.Length > 1 && !IsDuplicable(input))
            {
                return Unsupported(switchExpression.Value, "a switch on this value tests it once per arm: assign it to a local first");
            }

            var tests = new List<Expr?>();
            var values = new List<Expr>();
            bool ok = true;
            for (int i = 0; i < switchExpression.Arms.Length; i++)
            {
                ISwitchExpressionArmOperation arm = switchExpression.Arms[i];
                bool last = i == switchExpression.Arms.Length - 1;
                Expr? test = i == 0 ? LowerPattern(arm.Pattern, input) : Sometimes(() => LowerPattern(arm.Pattern, input));
                Expr? guard = arm.Guard is null ? null : Sometimes(() => LowerExpression(arm.Guard));
                Expr? value = Sometimes(() => LowerExpression(arm.Value));
                if (test is null || arm.Guard is not null && guard is null || value is null)
                {
                    ok = false;
                    continue;
                }

                if (guard is not null) test = test is BoolConst { Value: true } ? guard : new Binary(BinaryOp.AndAlso, test, guard, TypeRef.Boolean);

                // The last arm needs no test when it matches whatever is left: a discard, or a switch the compiler
                // proves exhaustive. Otherwise a value no arm matches throws, which generated code would not do.
                if (last && (test is BoolConst { Value: true } || switchExpression.IsExhaustive))
                {
                    test = null;
                }
                else if (last)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, switchExpression.Syntax.GetLocation(), Abbreviate(switchExpression.Syntax),
                        "a value no arm matches throws, which GradGen does not reproduce (for a double, NaN matches no relational pattern); end it with a discard arm '_ => ...'");
                    ok = false;
                }

                tests.Add(test);
                values.Add(Converted(value, resultType));
            }

            if (!ok) return null;
            Expr result = values[values.Count - 1];
            for (int i = values.Count - 2; i >= 0; i--)
            {
                result = tests[i] is BoolConst { Value: true } ? values[i] : new Conditional(tests[i]!, values[i], result, resultType);
            }

            if (resultType.IsReal && values.Count > 1)
            {
                // A step: the arms select constants by testing a varying value.
                if (Pending(switchExpression.Syntax.GetLocation(), DiagnosticDescriptors.StepOfDifferentiableValue, null,
                    new object[] { Abbreviate(switchExpression.Syntax), Abbreviate(switchExpression.Value.Syntax) }, input) is { } check)
                {
                    check.UnlessVaried = values.ToArray();
                }
            }

            return result;
        }

        /// <summary>
        /// A switch statement as an if/else chain: each section's clauses (constants, patterns, guards) joined by ||, in
        /// order, the default section last whatever its place. The governing value is read once, into a local when it is
        /// more than a variable or a constant. A section ends with its break (dropped), a return, a throw or a continue.
        /// </summary>
        private void LowerSwitch(ISwitchOperation switchStatement, List<Stmt> output)
        {
            Expr? value = WithEffects(output, () => LowerExpression(switchStatement.Value));
            if (value is null)
            {
                LowerForDiagnosticsOnly(switchStatement);
                return;
            }

            value = Hoist(value, output);
            if (value is not (VarRef or RealConst or IntConst or BoolConst or OtherConst))
            {
                var temporary = new Variable(_nextId++, NextTempName("_switch"), value.Type, VariableKind.Synthetic);
                output.Add(new Declare(temporary, value));
                value = new VarRef(temporary);
            }

            // A local declared in one section is in scope in the others (one declaration space); as if/else branches they
            // would not see each other's declarations.
            foreach (ILocalSymbol local in switchStatement.Locals)
            {
                int sections = switchStatement.Cases.Count(c => c.Descendants().Any(d =>
                    d is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local)
                    || d is IVariableDeclaratorOperation v && SymbolEqualityComparer.Default.Equals(v.Symbol, local)));
                if (sections > 1)
                {
                    Report(DiagnosticDescriptors.UnsupportedStatement, switchStatement.Syntax.GetFirstToken().GetLocation(), "a switch statement whose sections share the local '" + local.Name + "'",
                        "declare it before the switch, or give each section a local of its own");
                    LowerForDiagnosticsOnly(switchStatement);
                    return;
                }
            }

            _switchExits.Add(switchStatement.ExitLabel);
            try
            {
                var tests = new List<Expr>();
                var bodies = new List<Block>();
                Block? defaultBody = null;
                bool ok = true;
                foreach (ISwitchCaseOperation section in switchStatement.Cases)
                {
                    Expr? test = null;
                    bool isDefault = false;
                    foreach (ICaseClauseOperation clause in section.Clauses)
                    {
                        Expr? clauseTest = clause switch
                        {
                            IDefaultCaseClauseOperation => null,
                            ISingleValueCaseClauseOperation single => LowerExpression(single.Value) is { } constant ? Compare(BinaryOp.Equals, value, constant, single.Syntax) : null,
                            IPatternCaseClauseOperation pattern => LowerPatternClause(pattern, value),
                            _ => Unsupported(clause, "this case label is not supported"),
                        };
                        if (clause is IDefaultCaseClauseOperation)
                        {
                            isDefault = true;
                            continue;
                        }

                        if (clauseTest is null)
                        {
                            ok = false;
                            continue;
                        }

                        test = test is null ? clauseTest : new Binary(BinaryOp.OrElse, test, clauseTest, TypeRef.Boolean);
                    }

                    Block body = LowerSection(section);
                    if (isDefault)
                    {
                        defaultBody = body; // taken when no other section matches, wherever it stands
                    }
                    else if (test is not null)
                    {
                        tests.Add(test);
                        bodies.Add(body);
                    }
                }

                if (!ok) return;
                Block chain = defaultBody ?? Block.Empty;
                for (int i = tests.Count - 1; i >= 0; i--)
                {
                    chain = Block.Of(new If(tests[i], bodies[i], chain));
                }

                output.AddRange(chain.Statements);
            }
            finally
            {
                _switchExits.Remove(switchStatement.ExitLabel);
            }
        }

        /// <summary>A section's statements without the break that ends it.</summary>
        private Block LowerSection(ISwitchCaseOperation section)
        {
            _blockDepth++;
            try
            {
                var statements = new List<Stmt>();
                for (int i = 0; i < section.Body.Length; i++)
                {
                    IOperation statement = section.Body[i];
                    bool endsSection = i == section.Body.Length - 1
                        && statement is IBranchOperation { BranchKind: BranchKind.Break } exit && _switchExits.Contains(exit.Target);
                    if (!endsSection) LowerStatement(statement, statements);
                }

                return new Block(statements.ToEquatableArray());
            }
            finally
            {
                _blockDepth--;
            }
        }

        private Expr? LowerPatternClause(IPatternCaseClauseOperation clause, Expr value)
        {
            Expr? test = LowerPattern(clause.Pattern, value);
            if (clause.Guard is null || test is null) return test;
            Expr? guard = LowerExpression(clause.Guard);
            if (guard is null) return null;
            return test is BoolConst { Value: true } ? guard : new Binary(BinaryOp.AndAlso, test, guard, TypeRef.Boolean);
        }

        /// <summary>The test <paramref name="pattern"/> makes of <paramref name="input"/> (read as often as the pattern needs).</summary>
        private Expr? LowerPattern(IPatternOperation pattern, Expr input)
        {
            switch (pattern)
            {
                case IDiscardPatternOperation:
                    return new BoolConst(true);
                case IConstantPatternOperation constant:
                    {
                        if (constant.Value.ConstantValue is { HasValue: true, Value: null })
                        {
                            return Unsupported(pattern, "a null pattern tests a reference; GradGen's values are numbers");
                        }

                        Expr? value = LowerExpression(constant.Value);
                        if (value is null) return null;

                        // A constant pattern of NaN matches NaN (where == never does): double.IsNaN, as the compiler
                        // lowers it (x != x would draw a warning in generated code).
                        if (value is RealConst nan && double.IsNaN(nan.Value) && input.Type.IsReal)
                        {
                            return IsNaN(input);
                        }

                        return Compare(BinaryOp.Equals, input, value, pattern.Syntax);
                    }

                case IRelationalPatternOperation relational:
                    {
                        BinaryOp? op = relational.OperatorKind switch
                        {
                            BinaryOperatorKind.LessThan => BinaryOp.LessThan,
                            BinaryOperatorKind.LessThanOrEqual => BinaryOp.LessOrEqual,
                            BinaryOperatorKind.GreaterThan => BinaryOp.GreaterThan,
                            BinaryOperatorKind.GreaterThanOrEqual => BinaryOp.GreaterOrEqual,
                            BinaryOperatorKind.Equals => BinaryOp.Equals,
                            BinaryOperatorKind.NotEquals => BinaryOp.NotEquals,
                            _ => null,
                        };
                        Expr? value = LowerExpression(relational.Value);
                        if (op is null) return Unsupported(pattern, "this relational pattern is not supported");
                        return value is null ? null : Compare(op.Value, input, value, pattern.Syntax);
                    }

                case IBinaryPatternOperation binary:
                    {
                        Expr? left = LowerPattern(binary.LeftPattern, input);
                        Expr? right = LowerPattern(binary.RightPattern, input);
                        if (left is null || right is null) return null;
                        return new Binary(binary.OperatorKind == BinaryOperatorKind.Or ? BinaryOp.OrElse : BinaryOp.AndAlso, left, right, TypeRef.Boolean);
                    }

                case INegatedPatternOperation negated:
                    {
                        Expr? inner = LowerPattern(negated.Pattern, input);
                        return inner is null ? null : new Unary(UnaryOp.Not, inner, TypeRef.Boolean);
                    }

                default:
                    return Unsupported(pattern, "only constant, relational (< <= > >=), and/or/not and discard patterns are supported; test the value with comparisons");
            }
        }

        /// <summary>How many times a pattern reads its input.</summary>
        private static int InputUses(IPatternOperation pattern) => pattern switch
        {
            IDiscardPatternOperation => 0,
            IBinaryPatternOperation b => InputUses(b.LeftPattern) + InputUses(b.RightPattern),
            INegatedPatternOperation n => InputUses(n.Pattern),
            _ => 1,
        };

        /// <summary>A comparison the way a binary operator lowers: values of two types meet in the wider one, and a
        /// comparison of differentiable values is noted (GG1002).</summary>
        private Expr Compare(BinaryOp op, Expr left, Expr right, SyntaxNode syntax)
        {
            if (left.Type != right.Type && left.Type.IsScalar && right.Type.IsScalar)
            {
                if (left.Type.IsReal && !right.Type.IsReal) right = Converted(right, left.Type);
                else if (right.Type.IsReal && !left.Type.IsReal) left = Converted(left, right.Type);
                else if (left.Type.Scalar == ScalarKind.Double && right.Type.Scalar == ScalarKind.Float) right = Converted(right, left.Type);
                else if (right.Type.Scalar == ScalarKind.Double && left.Type.Scalar == ScalarKind.Float) left = Converted(left, right.Type);
                else if (left.Type.Scalar == ScalarKind.Int64 && right.Type.Scalar == ScalarKind.Int32) right = Converted(right, left.Type);
                else if (right.Type.Scalar == ScalarKind.Int64 && left.Type.Scalar == ScalarKind.Int32) left = Converted(left, right.Type);
            }

            if (left.Type.IsReal || right.Type.IsReal)
            {
                Pending(syntax.GetLocation(), DiagnosticDescriptors.PiecewiseComparison, null, new object[] { Abbreviate(syntax) }, left, right);
            }

            return new Binary(op, left, right, TypeRef.Boolean);
        }

        /// <summary>Whether reading <paramref name="e"/> twice computes the same value with no effect: no calls but the
        /// elementary functions, no array creation.</summary>
        private static bool IsDuplicable(Expr e) => e switch
        {
            VarRef or RealConst or IntConst or BoolConst or OtherConst or ThisRef => true,
            MemberRead m => m.Receiver is null || IsDuplicable(m.Receiver),
            Unary u => IsDuplicable(u.Operand),
            Binary b => IsDuplicable(b.Left) && IsDuplicable(b.Right),
            Cast c => IsDuplicable(c.Operand),
            ElementAccess a => IsDuplicable(a.Sequence) && IsDuplicable(a.Index),
            LengthOf l => IsDuplicable(l.Sequence),
            Conditional c => IsDuplicable(c.Condition) && IsDuplicable(c.WhenTrue) && IsDuplicable(c.WhenFalse),
            Call c => c.Args.All(IsDuplicable),
            StopGradient s => IsDuplicable(s.Operand),
            OpaqueCall { IsPure: true } o => (o.Receiver is null || IsDuplicable(o.Receiver)) && o.Args.All(IsDuplicable),
            _ => false,
        };
    }
}
