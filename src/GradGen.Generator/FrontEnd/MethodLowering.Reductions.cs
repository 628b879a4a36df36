using System.Collections.Generic;
using GradGen.Generator.Diagnostics;
using GradGen.Generator.Helpers;
using GradGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace GradGen.Generator.FrontEnd
{
    /// <summary>
    /// LINQ's reductions of an array, <c>xs.Sum()</c>, <c>Average()</c>, <c>Max()</c> and <c>Min()</c>, as the loops
    /// they are: a reduction is lowered as a call, and where the statement is lowered (<see cref="Hoist"/>) it becomes a
    /// loop into a local before the statement, with LINQ's exact results: Sum adds in order from +0 (a float sum adds in
    /// double), Average divides that sum by the count, Max and Min keep the first of equal values, Max skips leading
    /// NaNs and Min returns the first NaN after the first element (as LINQ's loop over a span does), and an empty array
    /// throws InvalidOperationException where LINQ does.
    /// The derivative then follows the loop: every element for Sum and Average, the selected one for Max and Min.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>The reductions lowered as calls, by reference, with the check that reports one that stays a call while
        /// its array varies (inside ?:, &amp;&amp; or ||, or a condition).</summary>
        private readonly Dictionary<OpaqueCall, PendingCheck?> _reductions = new(ReferenceEquality<OpaqueCall>.Instance);

        /// <summary><c>Enumerable.Sum/Average/Max/Min(array)</c> of a double or float array, or null when the call is not one.</summary>
        private Expr? LowerReduction(IInvocationOperation invocation)
        {
            IMethodSymbol target = invocation.TargetMethod;
            if (target.Name is not ("Sum" or "Average" or "Max" or "Min") || target.Parameters.Length != 1 || invocation.Arguments.Length != 1
                || target.ContainingType is not { } type || !SymbolFacts.IsNamed(type, "System.Linq.Enumerable"))
            {
                return null;
            }

            IOperation source = invocation.Arguments[0].Value;
            while (source is IConversionOperation { IsImplicit: true } conversion) source = conversion.Operand;
            if (SymbolFacts.Classify(source.Type) is not { Shape: Shape.Array } arrayType || !arrayType.IsRealSequence
                || SymbolFacts.Classify(target.ReturnType) is not { IsReal: true } resultType || resultType.Scalar != arrayType.Scalar)
            {
                return null;
            }

            Expr? sequence = LowerExpression(source);
            if (sequence is null) return null;
            var call = new OpaqueCall(null, LinqEnumerable, target.Name,
                EquatableArray<TypeName>.Empty, EquatableArray.Create(sequence), resultType, IsPure: true);
            _reductions[call] = Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.UnsupportedExpression, null,
                new object[] { Abbreviate(invocation.Syntax), "GradGen differentiates this reduction as a loop before the statement, which it cannot do inside ?:, && or || or in a condition; assign it to a local first" },
                sequence);
            return call;
        }

        /// <summary>The loop that computes <paramref name="call"/> into a new local, written to <paramref name="output"/>.</summary>
        private Expr ExpandReduction(OpaqueCall call, List<Stmt> output)
        {
            if (_reductions[call] is { } check) _pending.Remove(check);
            Expr sequence = ReadSequenceOnce(call.Args[0], output);

            TypeRef element = call.ResultType;
            ScalarKind kind = element.Scalar;
            var k = new Variable(_nextId++, NextTempName("_k"), TypeRef.Int32, VariableKind.Synthetic);
            Expr K = new VarRef(k);
            Expr length = new LengthOf(sequence);
            Expr item = new ElementAccess(sequence, K);
            Expr One(int v) => new IntConst(v, ScalarKind.Int32);
            Block Next() => Block.Of(Increment(k));
            Expr Below(Expr bound) => new Binary(BinaryOp.LessThan, K, bound, TypeRef.Boolean);

            if (call.Method is "Max" or "Min" or "Average")
            {
                var exception = new NamedTypeName("System", null, "InvalidOperationException", EquatableArray<TypeName>.Empty);
                output.Add(new If(new Binary(BinaryOp.Equals, length, One(0), TypeRef.Boolean),
                    Block.Of(new Throw(exception, EquatableArray.Create(ConstantValue.Of("Sequence contains no elements")!))), Block.Empty));
            }

            if (call.Method is "Sum" or "Average")
            {
                // LINQ adds float elements in double.
                var accumulator = new Variable(_nextId++, NextTempName(call.Method == "Sum" ? "_sum" : "_total"), TypeRef.Double, VariableKind.Synthetic);
                Expr acc = new VarRef(accumulator);
                Expr term = kind == ScalarKind.Double ? item : new Cast(item, TypeRef.Double, IsImplicit: true);
                output.Add(new Declare(accumulator, RealConst.Of(0, ScalarKind.Double)));
                output.Add(new Loop(LoopForm.For, Block.Of(new Declare(k, One(0))), Below(length),
                    Block.Of(new Assign(acc, new Binary(BinaryOp.Add, acc, term, TypeRef.Double))), Next()));
                Expr result = call.Method == "Sum" ? acc : new Binary(BinaryOp.Divide, acc, new Cast(length, TypeRef.Double, IsImplicit: true), TypeRef.Double);
                if (kind == ScalarKind.Double && result is VarRef) return result;
                var value = new Variable(_nextId++, NextTempName("_" + char.ToLowerInvariant(call.Method[0]) + call.Method.Substring(1)), element, VariableKind.Synthetic);
                output.Add(new Declare(value, kind == ScalarKind.Double ? result : new Cast(result, element, IsImplicit: false)));
                return new VarRef(value);
            }

            // Max keeps the first of equal values and skips leading NaNs; Min keeps the first and stops at the first NaN after
            // the first element (LINQ's loop over an array's span: a NaN first stays unless another NaN comes).
            var best = new Variable(_nextId++, NextTempName(call.Method == "Max" ? "_max" : "_min"), element, VariableKind.Synthetic);
            Expr Best = new VarRef(best);
            output.Add(new Declare(best, new ElementAccess(sequence, One(0))));
            Stmt step = call.Method == "Max"
                ? new If(new Binary(BinaryOp.OrElse, new Binary(BinaryOp.GreaterThan, item, Best, TypeRef.Boolean), IsNaN(Best), TypeRef.Boolean), Block.Of(new Assign(Best, item)), Block.Empty)
                : new If(new Binary(BinaryOp.LessThan, item, Best, TypeRef.Boolean), Block.Of(new Assign(Best, item)),
                    Block.Of(new If(IsNaN(item), Block.Of(new Assign(Best, item), new Break()), Block.Empty)));
            output.Add(new Loop(LoopForm.For, Block.Of(new Declare(k, One(1))), Below(length), Block.Of(step), Next()));
            return Best;
        }
    }
}
