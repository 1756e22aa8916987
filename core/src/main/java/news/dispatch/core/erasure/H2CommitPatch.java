package news.dispatch.core.erasure;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;

import org.apache.commons.logging.Log;
import org.h2.engine.Constants;
import org.h2.mvstore.MVStore;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.ClassWriter;
import org.springframework.asm.Handle;
import org.springframework.asm.Label;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Makes H2 stop leaking the B-tree pages that keep erased readers in its file. When a commit removes the last entries
 * of a leaf whose parent has one other child, H2 2.5.252's {@code CommitDecisionMaker.decide} puts a <em>copy</em> of
 * that other child in the parent's place ({@code getChildPage(1 - index).copy()}) and marks removed only the pages on
 * the path to the leaf. The child it copied stays counted live for good, with the rows it held when it was written:
 * no map reaches it, so compaction never rewrites it, and its chunk, with the unused pages of erased rows beside it,
 * is never freed. {@code MVMap}'s own removal, for the same case, puts the child itself in the parent's place; so
 * does H2's commit once this patch removes that one {@code copy()} call from its class, before H2 loads it.
 *
 * <p>Without it, erased addresses stayed in the file in every run of {@code ShredderIT}'s sign-up test and in 3 of 9
 * journeys of the packaged jar (20,000 readers imported, a digest to each, one erased: {@code jar_erasure.py}). The
 * class is patched only if its code has exactly that call, so an H2 release that fixes it (or changes it) runs as
 * shipped: {@code H2CommitPatchTest} then fails, for whoever upgrades to look again.
 */
final class H2CommitPatch implements EnvironmentPostProcessor {

    private static final String PATCHED_CLASS = "org.h2.mvstore.tx.CommitDecisionMaker";
    private static final String PAGE = "org/h2/mvstore/Page";

    enum Outcome {
        /** H2's class is defined from the patched code. */
        PATCHED,
        /** H2's class has no such call, or not exactly one: it runs as shipped. */
        NOT_FOUND,
        /** H2 had loaded its class already: it runs as shipped. */
        TOO_LATE
    }

    private static Outcome outcome;

    private final Log log;

    /** Logging is not set up yet when this runs: the factory holds the lines until it is. */
    H2CommitPatch(DeferredLogFactory logs) {
        this.log = logs.getLog(H2CommitPatch.class);
    }

    /** Before the application opens a database: a class, once loaded, cannot be defined again. */
    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Outcome applied = apply();
        if (applied == Outcome.PATCHED) {
            log.debug("H2 " + Constants.VERSION + ": commits no longer leak the pages they empty");
        } else {
            log.warn("H2 " + Constants.VERSION + "'s commit is not patched (" + applied
                    + "): on the embedded database, erased readers' data may stay in the file");
        }
    }

    static synchronized Outcome apply() {
        if (outcome == null) {
            outcome = define(patched(shipped()));
        }
        return outcome;
    }

    static byte[] shipped() {
        String resource = PATCHED_CLASS.replace('.', '/') + ".class";
        try (InputStream code = MVStore.class.getClassLoader().getResourceAsStream(resource)) {
            if (code == null) {
                throw new IllegalStateException("No " + resource + " beside H2's " + MVStore.class);
            }
            return code.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The class without the {@code copy()} of the child kept, or {@code null} if it has not exactly one. */
    static byte[] patched(byte[] shipped) {
        ClassReader reader = new ClassReader(shipped);
        ClassWriter writer = new ClassWriter(reader, 0);
        int[] removed = {0};
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                return "decide".equals(name) && descriptor.startsWith("(Lorg/h2/mvstore/CursorPos;")
                        ? new ChildCopyRemoval(method, removed)
                        : method;
            }
        }, 0);
        return removed[0] == 1 ? writer.toByteArray() : null;
    }

    private static Outcome define(byte[] patched) {
        if (patched == null) {
            return Outcome.NOT_FOUND;
        }
        try {
            // A class of the same package that does not refer to the patched one, so loading it loads nothing else.
            Class<?> neighbour = Class.forName("org.h2.mvstore.tx.VersionedValueCommitted", false,
                    MVStore.class.getClassLoader());
            MethodHandles.privateLookupIn(neighbour, MethodHandles.lookup()).defineClass(patched);
            return Outcome.PATCHED;
        } catch (LinkageError e) {
            return Outcome.TOO_LATE;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drops a {@code Page.copy()} called on what {@code Page.getChildPage(int)} has just returned. Both leave a page
     * on the stack, so the stack's size and the frames stay as they were.
     */
    private static final class ChildCopyRemoval extends MethodVisitor {

        private final int[] removed;
        private boolean childOnStack;

        ChildCopyRemoval(MethodVisitor method, int[] removed) {
            super(Opcodes.ASM9, method);
            this.removed = removed;
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String name, String descriptor, boolean isInterface) {
            boolean copyOfChild = childOnStack && opcode == Opcodes.INVOKEVIRTUAL && PAGE.equals(owner)
                    && "copy".equals(name) && ("()L" + PAGE + ";").equals(descriptor);
            childOnStack = opcode == Opcodes.INVOKEVIRTUAL && PAGE.equals(owner) && "getChildPage".equals(name);
            if (copyOfChild) {
                removed[0]++;
                return;
            }
            super.visitMethodInsn(opcode, owner, name, descriptor, isInterface);
        }

        @Override
        public void visitInsn(int opcode) {
            childOnStack = false;
            super.visitInsn(opcode);
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            childOnStack = false;
            super.visitIntInsn(opcode, operand);
        }

        @Override
        public void visitVarInsn(int opcode, int varIndex) {
            childOnStack = false;
            super.visitVarInsn(opcode, varIndex);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            childOnStack = false;
            super.visitTypeInsn(opcode, type);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            childOnStack = false;
            super.visitFieldInsn(opcode, owner, name, descriptor);
        }

        @Override
        public void visitJumpInsn(int opcode, Label label) {
            childOnStack = false;
            super.visitJumpInsn(opcode, label);
        }

        @Override
        public void visitLabel(Label label) {
            childOnStack = false;
            super.visitLabel(label);
        }

        @Override
        public void visitLdcInsn(Object value) {
            childOnStack = false;
            super.visitLdcInsn(value);
        }

        @Override
        public void visitIincInsn(int varIndex, int increment) {
            childOnStack = false;
            super.visitIincInsn(varIndex, increment);
        }

        @Override
        public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
            childOnStack = false;
            super.visitInvokeDynamicInsn(name, descriptor, bootstrap, arguments);
        }

        @Override
        public void visitTableSwitchInsn(int min, int max, Label otherwise, Label... labels) {
            childOnStack = false;
            super.visitTableSwitchInsn(min, max, otherwise, labels);
        }

        @Override
        public void visitLookupSwitchInsn(Label otherwise, int[] keys, Label[] labels) {
            childOnStack = false;
            super.visitLookupSwitchInsn(otherwise, keys, labels);
        }

        @Override
        public void visitMultiANewArrayInsn(String descriptor, int dimensions) {
            childOnStack = false;
            super.visitMultiANewArrayInsn(descriptor, dimensions);
        }
    }
}
