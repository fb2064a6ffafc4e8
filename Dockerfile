# syntax=docker/dockerfile:1
# The base image is pinned by digest: a tag moves under you, a digest does not. This is the
# multi-platform index of `node:22-bookworm-slim` (Node.js 22.23.2, an LTS release supported until
# April 2027) as docker-library/repo-info records it in repos/node/remote/22-bookworm-slim.md
# (commit 3179cb4d576b9929bf86873c87f279ac67661c6e). To move on, take the newer digest recorded
# there (or `docker buildx imagetools inspect node:22-bookworm-slim`) and change it deliberately,
# or pass NODE_IMAGE=…@sha256:… from your registry mirror.
ARG NODE_IMAGE=node:22-bookworm-slim@sha256:48e4b67d85f87bd551df43704e24d252f56cc5f8e9718841aace50f19948f0f9

# Build: the product's sources only. The lockfile names the simulator workspace, so its
# package.json comes along (its code does not: nothing of it is built or shipped).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY simulator/package.json ./simulator/
COPY src ./src
RUN npm ci --ignore-scripts --no-audit --no-fund && npx tsc -p tsconfig.build.json

# Run: production dependencies of the product alone (no workspaces, no dev tools) and lib/.
FROM ${NODE_IMAGE}
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --workspaces=false --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/lib ./lib
COPY app.yml ./
COPY bin ./bin
USER node
# 3000: webhooks (publish it); 9464: the operations port (/healthz, /readyz, /metrics), for the
# container network only.
EXPOSE 3000 9464
# Node directly, not npx: signals reach the app, and nothing is looked up or installed at start.
CMD ["node", "lib/server.js"]
