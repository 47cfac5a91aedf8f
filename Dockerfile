# syntax=docker/dockerfile:1
# One image for both processes:
#   api:    (default CMD)  node --enable-source-maps dist/apps/api/src/main.js
#   worker: docker run … node --enable-source-maps dist/apps/worker/src/main.js
# DATABASE_URL must be set: the image leaves out the embedded PostgreSQL binaries (see below).

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: all dependencies, swc compile to dist/ --------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the build needs no install script (package.json's allowScripts refuses @swc/core's,
# @scarf/scarf's and @parcel/watcher's; the embedded PostgreSQL one only matters when it is started).
RUN --mount=type=cache,target=/root/.npm npm ci --ignore-scripts --no-audit --no-fund
COPY .swcrc tsconfig.json ./
COPY apps ./apps
COPY libs ./libs
RUN npm run build

# ---- runtime: production dependencies and the compiled code, run as a non-root user ----------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# In a container the api listens on every interface (the default, 127.0.0.1, is for a developer's machine).
ENV HOST=0.0.0.0
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional drops the ~60 MB of @embedded-postgres/<platform> binaries (the only optional
# production dependencies besides pg-cloudflare, which Node never loads). embedded-postgres itself stays,
# as package.json lists it, but it is imported only when DATABASE_URL is unset, which it never is here.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund
# package.json stays: its "type": "module" makes Node load dist/**/*.js as ES modules.
COPY --from=build /app/dist ./dist

# The node image's unprivileged user (uid 1000); the code and node_modules stay root-owned, read-only.
USER node
EXPOSE 3000
CMD ["node", "--enable-source-maps", "dist/apps/api/src/main.js"]
