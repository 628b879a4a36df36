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
    /// The library's operations on whole buffers, as statements: <c>Array.Copy(src, dst, n)</c>, <c>Array.Copy(src, si, dst, di, n)</c>,
    /// <c>src.CopyTo(dst)</c>, <c>src.CopyTo(dst, i)</c>, <c>src.AsSpan(a, n).CopyTo(dst.AsSpan(b))</c>, <c>Array.Fill(buf, v)</c>,
    /// <c>Array.Fill(buf, v, i, n)</c>, <c>span.Fill(v)</c>, <c>span.Clear()</c>, <c>Array.Clear(buf)</c>, <c>Array.Clear(buf, i, n)</c>.
    /// Each is the element loop it is (a copy of overlapping parts of one buffer runs in the direction memmove would), after
    /// checks that throw what the library throws for bad indices and lengths. The destination must be a local buffer (or a view
    /// of one); the source may be any array, span, row or view the method reads, so the derivative flows back element by element.
    /// Another method of Array, MemoryExtensions or Span given an array or span is GG0006 (GG0012 for data) that names it.
    /// </summary>
    internal sealed partial class MethodLowering
    {
        /// <summary>An invocation statement of <c>System.Array</c>, <c>MemoryExtensions</c>, <c>Span</c> or <c>ReadOnlySpan</c> on
        /// arrays or spans: lowered (or reported) here, true; false for any other call.</summary>
        private bool TryLowerBufferOperation(IInvocationOperation invocation, List<Stmt> output)
        {
            IMethodSymbol method = invocation.TargetMethod;
            INamedTypeSymbol type = method.ContainingType;
            bool isArray = SymbolFacts.IsNamed(type, "System.Array"), isExtension = IsMemoryExtensions(method), isSpan = IsSpanType(type);
            if (!isArray && !isExtension && !isSpan) return false;
            var sequences = new List<IOperation>();
            if (invocation.Instance is { } instance && IsBufferLike(instance)) sequences.Add(WithoutConversions(instance));
            sequences.AddRange(invocation.Arguments.Select(a => WithoutConversions(a.Value)).Where(IsBufferLike));
            if (sequences.Count == 0) return false;

            string display = (isArray ? "Array." : isExtension ? "" : type.Name + ".") + method.Name;
            bool lowered = WithEffects(output, () => method.Name switch
            {
                "Copy" when isArray && method.Parameters.Length is 3 or 5 && method.Parameters.Where(p => p.Type.SpecialType != SpecialType.System_Array).All(IsIntParameter) => LowerArrayCopy(invocation, display, output),
                "CopyTo" when isArray && !method.IsStatic && method.Parameters.Length == 2 && IsIntParameter(method.Parameters[1]) => LowerArrayCopyTo(invocation, display, output),
                "CopyTo" when (isExtension && method.Parameters.Length == 2 || isSpan && method.Parameters.Length == 1) => LowerSpanCopyTo(invocation, display, output),
                "Fill" when isArray && method.Parameters.Length is 2 or 4 && method.Parameters.Skip(2).All(IsIntParameter) => LowerFill(invocation, display, output),
                "Fill" when isSpan && method.Parameters.Length == 1 => LowerFill(invocation, display, output),
                "Clear" when isArray && method.Parameters.Length is 1 or 3 && method.Parameters.Skip(1).All(IsIntParameter) => LowerClear(invocation, display, output),
                "Clear" when isSpan && method.Parameters.Length == 0 => LowerClear(invocation, display, output),
                _ => false,
            });
            if (!lowered) ReportBufferCall(invocation, display, sequences, "GradGen follows Array.Copy, CopyTo, Array.Fill, Fill, Array.Clear and Clear into local arrays (with int indices), as loops; write what this call does as a loop");
            return true;
        }

        /// <summary>An array or span (or a view of one) the method has.</summary>
        private bool IsBufferLike(IOperation operation)
        {
            operation = WithoutConversions(operation);
            return SymbolFacts.Classify(operation.Type) is { IsSequence: true } or { Shape: Shape.Jagged } || IsExplicitView(operation);
        }

        /// <summary>An operation on arrays GradGen does not follow: GG0006 where the arrays vary, GG0012 where they are data.</summary>
        private void ReportBufferCall(IInvocationOperation invocation, string display, List<IOperation> sequences, string why)
        {
            if (HasErrors && _diagnostics.Any(d => invocation.Syntax.Span.Contains(d.Location.SourceSpan) && d.Severity == DiagnosticSeverity.Error)) return;
            var lowered = new List<Expr>();
            foreach (IOperation sequence in sequences)
            {
                if (sequence is ILocalReferenceOperation local && _views.TryGetValue(local.Local, out View? view))
                {
                    lowered.Add(view.Base);
                }
                else if (SymbolFacts.Classify(sequence.Type) is { IsSequence: true } or { Shape: Shape.Jagged } && sequence is ILocalReferenceOperation or IParameterReferenceOperation
                    && LowerExpression(sequence) is { } value)
                {
                    lowered.Add(value);
                }
            }

            if (lowered.Count == 0)
            {
                // Nothing to decide on: arrays the method cannot name are an error either way.
                Report(DiagnosticDescriptors.CallWithoutDerivative, invocation.Syntax.GetLocation(), display, why);
                return;
            }

            if (Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.CallWithoutDerivative, DiagnosticDescriptors.UnsupportedExpression,
                new object[] { display, why }, lowered.ToArray()) is not null)
            {
                _constantArguments[_pending.Count - 1] = new object[] { Abbreviate(invocation.Syntax), "GradGen does not follow what " + display + " does to arrays. " + why };
            }
        }

        /// <summary>The destination of a copy or a fill: a view of a local buffer; otherwise reported (GG0009 for the caller's).</summary>
        private View? Destination(IOperation operation, List<Stmt> output, IInvocationOperation invocation, string display)
        {
            View? view = LowerView(operation, output, "_destination");
            if (view is null) return null;
            if (view.Buffer is null)
            {
                Report(DiagnosticDescriptors.WriteOutsideMethod, invocation.Syntax.GetLocation(), ViewedText(view) + " through " + display + ", which belongs to the caller",
                    "Copy into a local buffer (stackalloc or new) and change that.");
                return null;
            }

            return view;
        }

        private bool SameElements(View source, View destination, IInvocationOperation invocation, string display)
        {
            if (source.Base.Type.Scalar == destination.Base.Type.Scalar) return true;
            Pending(invocation.Syntax.GetLocation(), DiagnosticDescriptors.CallWithoutDerivative, DiagnosticDescriptors.UnsupportedExpression,
                new object[] { display, "GradGen copies between arrays and spans of the same element type; convert the elements in a loop" }, source.Base, destination.Base);
            _constantArguments[_pending.Count - 1] = new object[] { Abbreviate(invocation.Syntax), "GradGen copies between arrays and spans of the same element type; convert the elements in a loop" };
            return false;
        }

        /// <summary><c>Array.Copy(src, dst, n)</c> and <c>Array.Copy(src, si, dst, di, n)</c>, checked in the order Array.Copy checks.</summary>
        private bool LowerArrayCopy(IInvocationOperation invocation, string display, List<Stmt> output)
        {
            bool five = invocation.Arguments.Length == 5;
            if (!IsIntParameter(invocation.TargetMethod.Parameters[invocation.Arguments.Length - 1])) return false;
            View? source = LowerView(Argument(invocation, 0), output, "_source");
            Expr? sourceIndex = five ? ReadIntOnce(Argument(invocation, 1), "_sourceIndex", output) : Int(0);
            View? destination = Destination(Argument(invocation, five ? 2 : 1), output, invocation, display);
            Expr? destinationIndex = five ? ReadIntOnce(Argument(invocation, 3), "_destinationIndex", output) : Int(0);
            Expr? length = ReadIntOnce(Argument(invocation, five ? 4 : 2), "_length", output);
            if (source is null || destination is null || sourceIndex is null || destinationIndex is null || length is null) return true;
            if (!SameElements(source, destination, invocation, display)) return true;

            Guard(Less(length, Int(0)), "ArgumentOutOfRangeException", output, ConstantValue.Of("length")!);
            Guard(Less(sourceIndex, Int(0)), "ArgumentOutOfRangeException", output, ConstantValue.Of("sourceIndex")!);
            Guard(Less(Minus(source.Length, length), sourceIndex), "ArgumentException", output,
                ConstantValue.Of("Source array was not long enough. Check the source index, length, and the array's lower bounds.")!, ConstantValue.Of("sourceArray")!);
            Guard(Less(destinationIndex, Int(0)), "ArgumentOutOfRangeException", output, ConstantValue.Of("destinationIndex")!);
            Guard(Less(Minus(destination.Length, length), destinationIndex), "ArgumentException", output,
                ConstantValue.Of("Destination array was not long enough. Check the destination index, length, and the array's lower bounds.")!, ConstantValue.Of("destinationArray")!);
            CopyElements(source with { Offset = Plus(source.Offset, sourceIndex) }, destination with { Offset = Plus(destination.Offset, destinationIndex) }, length, output);
            return true;
        }

        /// <summary><c>src.CopyTo(dst, i)</c> of an array: <c>Array.Copy(src, 0, dst, i, src.Length)</c>.</summary>
        private bool LowerArrayCopyTo(IInvocationOperation invocation, string display, List<Stmt> output)
        {
            View? source = LowerView(invocation.Instance!, output, "_source");
            View? destination = Destination(Argument(invocation, 0), output, invocation, display);
            Expr? destinationIndex = ReadIntOnce(Argument(invocation, 1), "_destinationIndex", output);
            if (source is null || destination is null || destinationIndex is null) return true;
            if (!SameElements(source, destination, invocation, display)) return true;
            Guard(Less(destinationIndex, Int(0)), "ArgumentOutOfRangeException", output, ConstantValue.Of("destinationIndex")!);
            Guard(Less(Minus(destination.Length, source.Length), destinationIndex), "ArgumentException", output,
                ConstantValue.Of("Destination array was not long enough. Check the destination index, length, and the array's lower bounds.")!, ConstantValue.Of("destinationArray")!);
            CopyElements(source, destination with { Offset = Plus(destination.Offset, destinationIndex) }, source.Length, output);
            return true;
        }

        /// <summary><c>src.CopyTo(dst)</c> of spans (and of an array into a span): all of the source into the start of the destination.</summary>
        private bool LowerSpanCopyTo(IInvocationOperation invocation, string display, List<Stmt> output)
        {
            IOperation sourceOperation = invocation.Instance ?? Argument(invocation, 0);
            View? source = LowerView(sourceOperation, output, "_source");
            View? destination = Destination(invocation.Instance is null ? Argument(invocation, 1) : Argument(invocation, 0), output, invocation, display);
            if (source is null || destination is null) return true;
            if (!SameElements(source, destination, invocation, display)) return true;
            Guard(Less(destination.Length, source.Length), "ArgumentException", output, ConstantValue.Of("Destination is too short.")!, ConstantValue.Of("destination")!);
            CopyElements(source, destination, source.Length, output);
            return true;
        }

        /// <summary><c>for (k = 0; k &lt; n; k++) dst[k] = src[k];</c>, backwards when the two are parts of one buffer and the
        /// destination starts after the source (the library copies as if through a temporary).</summary>
        private void CopyElements(View source, View destination, Expr length, List<Stmt> output)
        {
            Stmt Forward()
            {
                var k = new Variable(_nextId++, NextTempName("_k"), TypeRef.Int32, VariableKind.Synthetic);
                return IndexLoop(new List<Stmt> { new Declare(k, Int(0)) }, k, length,
                    new[] { new Assign(new ElementAccess(destination.Base, Plus(destination.Offset, new VarRef(k))), new ElementAccess(source.Base, Plus(source.Offset, new VarRef(k)))) });
            }

            Stmt Backward()
            {
                var k = new Variable(_nextId++, NextTempName("_k"), TypeRef.Int32, VariableKind.Synthetic);
                return new Loop(LoopForm.For, Block.Of(new Declare(k, Minus(length, Int(1)))), new Binary(BinaryOp.GreaterOrEqual, new VarRef(k), Int(0), TypeRef.Boolean),
                    Block.Of(new Assign(new ElementAccess(destination.Base, Plus(destination.Offset, new VarRef(k))), new ElementAccess(source.Base, Plus(source.Offset, new VarRef(k))))),
                    Block.Of(new Assign(new VarRef(k), new Binary(BinaryOp.Subtract, new VarRef(k), Int(1), TypeRef.Int32))));
            }

            if (source.Base != destination.Base || source.Offset is IntConst s && destination.Offset is IntConst d && d.Value <= s.Value)
            {
                output.Add(Forward());
            }
            else if (source.Offset is IntConst && destination.Offset is IntConst)
            {
                output.Add(Backward());
            }
            else
            {
                output.Add(new If(new Binary(BinaryOp.LessOrEqual, destination.Offset, source.Offset, TypeRef.Boolean), Block.Of(Forward()), Block.Of(Backward())));
            }
        }

        /// <summary><c>Array.Fill(buf, v)</c>, <c>Array.Fill(buf, v, i, n)</c>, <c>span.Fill(v)</c>: the value read once, then stored in each element.</summary>
        private bool LowerFill(IInvocationOperation invocation, string display, List<Stmt> output)
        {
            bool isArray = invocation.Instance is null;
            View? destination = Destination(isArray ? Argument(invocation, 0) : invocation.Instance!, output, invocation, display);
            Expr? value = LowerExpression(Argument(invocation, isArray ? 1 : 0));
            Expr? start = invocation.Arguments.Length == 4 ? ReadIntOnce(Argument(invocation, 2), "_startIndex", output) : Int(0);
            Expr? count = invocation.Arguments.Length == 4 ? ReadIntOnce(Argument(invocation, 3), "_count", output) : null;
            if (destination is null || value is null || start is null || invocation.Arguments.Length == 4 && count is null) return true;
            value = Converted(Hoist(value, output), destination.Base.Type.Element);
            if (value is not (VarRef or RealConst or IntConst or BoolConst))
            {
                var fill = new Variable(_nextId++, NextTempName("_fill"), value.Type, VariableKind.Synthetic);
                output.Add(new Declare(fill, value));
                value = new VarRef(fill);
            }

            if (count is not null)
            {
                Guard(Or(Less(start, Int(0)), Less(destination.Length, start)), "ArgumentOutOfRangeException", output, ConstantValue.Of("startIndex")!);
                Guard(Or(Less(count, Int(0)), Less(Minus(destination.Length, start), count)), "ArgumentOutOfRangeException", output, ConstantValue.Of("count")!);
            }

            StoreEach(destination with { Offset = Plus(destination.Offset, start) }, count ?? destination.Length, value, output);
            return true;
        }

        /// <summary><c>Array.Clear(buf)</c>, <c>Array.Clear(buf, i, n)</c> (IndexOutOfRangeException outside it) and <c>span.Clear()</c>.</summary>
        private bool LowerClear(IInvocationOperation invocation, string display, List<Stmt> output)
        {
            bool isArray = invocation.Instance is null;
            View? destination = Destination(isArray ? Argument(invocation, 0) : invocation.Instance!, output, invocation, display);
            Expr? start = invocation.Arguments.Length == 3 ? ReadIntOnce(Argument(invocation, 1), "_index", output) : Int(0);
            Expr? count = invocation.Arguments.Length == 3 ? ReadIntOnce(Argument(invocation, 2), "_length", output) : null;
            if (destination is null || start is null || invocation.Arguments.Length == 3 && count is null) return true;
            if (count is not null)
            {
                Guard(Or(Or(Less(start, Int(0)), Less(count, Int(0))), Less(Minus(destination.Length, count), start)), "IndexOutOfRangeException", output);
            }

            TypeRef element = destination.Base.Type.Element;
            Expr zero = element.IsReal ? RealConst.Of(0, element.Scalar) : element.Scalar == ScalarKind.Boolean ? new BoolConst(false) : new IntConst(0, element.Scalar);
            StoreEach(destination with { Offset = Plus(destination.Offset, start) }, count ?? destination.Length, zero, output);
            return true;
        }

        private void StoreEach(View destination, Expr count, Expr value, List<Stmt> output)
        {
            var k = new Variable(_nextId++, NextTempName("_k"), TypeRef.Int32, VariableKind.Synthetic);
            output.Add(IndexLoop(new List<Stmt> { new Declare(k, Int(0)) }, k, count,
                new[] { new Assign(new ElementAccess(destination.Base, Plus(destination.Offset, new VarRef(k))), value) }));
        }
    }
}
